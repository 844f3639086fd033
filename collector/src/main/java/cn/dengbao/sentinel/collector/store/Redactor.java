package cn.dengbao.sentinel.collector.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defensive redaction of audit details: callers should never pass secrets, but if a key is named like one
 * (password, token, secret, key, credential, passphrase ...) its value is replaced before it is hashed and stored,
 * because an append-only log can never be cleaned afterwards. Values that look like private keys are replaced too.
 * It works on structured details (maps, lists) by field name; {@code probes.system.Redactor} is the other half of
 * secret hiding, masking secrets inside free-text command lines before they become evidence.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "passphrase",
            "token", "secret", "key", "apikey", "credential", "credentials", "cred", "privatekey",
            "authorization", "cookie", "otp");
    /** Key words that only look secret: public identifiers safe to keep (host-key fingerprints, rule keys). */
    private static final Set<String> SAFE_SUFFIXES = Set.of("sha256", "fingerprint", "id", "type", "file", "path");
    private static final Pattern SPLIT = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private Redactor() {}

    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String[] words = SPLIT.split(key);
        if (words.length == 0) {
            return false;
        }
        String last = words[words.length - 1].toLowerCase(Locale.ROOT);
        if (words.length > 1 && SAFE_SUFFIXES.contains(last)) {
            return false;
        }
        String joined = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (joined.contains("password") || joined.contains("passwd") || joined.contains("secret")
                || joined.contains("token") || joined.contains("privatekey") || joined.contains("passphrase")) {
            return true;
        }
        for (String w : words) {
            if (SECRET_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** A deep copy with secret-named keys and private-key-looking strings redacted. */
    public static Object redact(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, isSecretKey(k) && e.getValue() != null ? REDACTED : redact(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(redact(o));
            }
            return out;
        }
        if (value instanceof CharSequence s && PRIVATE_KEY.matcher(s).find()) {
            return REDACTED;
        }
        if (value instanceof byte[]) {
            return REDACTED; // raw bytes in an audit detail are most likely key material
        }
        return value;
    }
}
