package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.text.PlainText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The host key(s) a target must present: an OpenSSH SHA-256 fingerprint ({@code SHA256:base64}) and/or the key
 * lines of known_hosts. A presented key is accepted when it matches any of them; there is no way to accept
 * an unknown key.
 */
public final class HostKeyPin {

    /** One pinned public key from a known_hosts line. */
    public record PinnedKey(String type, byte[] blob) {
        public String fingerprint() {
            return fingerprintOf(blob);
        }
    }

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private final String fingerprint;      // may be null when known_hosts lines are given
    private final List<PinnedKey> keys;    // may be empty when a fingerprint is given
    private final String knownHostsText;   // the accepted lines as stored (null when none)

    private HostKeyPin(String fingerprint, List<PinnedKey> keys, String knownHostsText) {
        if (fingerprint == null && keys.isEmpty()) {
            throw new IllegalArgumentException("没有主机密钥 (no host key pinned)");
        }
        this.fingerprint = fingerprint;
        this.keys = List.copyOf(keys);
        this.knownHostsText = knownHostsText;
    }

    /** Parses {@code SHA256:…} as printed by {@code ssh-keygen -lf}; MD5 fingerprints are refused. */
    public static HostKeyPin ofFingerprint(String fp) {
        String f = fp == null ? "" : fp.strip();
        if (f.endsWith("=")) {
            f = f.replaceAll("=+$", "");
        }
        if (!FINGERPRINT.matcher(f).matches()) {
            throw new IllegalArgumentException("主机密钥指纹格式无效: 需要 SHA256:<43 个 base64 字符> (如 ssh-keygen -lf 输出), 得到 '"
                    + printable(fp) + "'");
        }
        return new HostKeyPin(f, List.of(), null);
    }

    /**
     * Takes the key lines of a known_hosts text that name {@code host} (plain, {@code [host]:port} or hashed
     * {@code |1|} entries). Revoked and CA lines are refused: a pin is a plain host key.
     */
    public static HostKeyPin fromKnownHosts(String text, String host, int port) {
        List<PinnedKey> keys = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f[0].startsWith("@")) {
                continue; // @cert-authority / @revoked: not a host key pin
            }
            if (f.length < 3 || !KnownHostsPatterns.matches(f[0], host, port)) {
                continue;
            }
            keys.add(new PinnedKey(f[1], decodeBlob(f[2])));
            kept.append(line).append('\n');
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("known_hosts 中没有主机 " + host + (port == 22 ? "" : " 端口 " + port)
                    + " 的密钥行 (no key line for this host; get one with: ssh-keyscan -p " + port + " " + host + ")");
        }
        return new HostKeyPin(null, keys, kept.toString());
    }

    /** Rebuilds a pin from its stored form (either column may be null). */
    public static HostKeyPin stored(String fingerprint, String knownHostsLines) {
        List<PinnedKey> keys = new ArrayList<>();
        if (knownHostsLines != null && !knownHostsLines.isBlank()) {
            for (String line : knownHostsLines.split("\\R")) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 3) {
                    keys.add(new PinnedKey(f[1], decodeBlob(f[2])));
                }
            }
        }
        return new HostKeyPin(fingerprint == null || fingerprint.isBlank() ? null : fingerprint, keys,
                keys.isEmpty() ? null : knownHostsLines);
    }

    public boolean matches(byte[] presentedBlob) {
        String presented = fingerprintOf(presentedBlob);
        if (presented.equals(fingerprint)) {
            return true;
        }
        for (PinnedKey k : keys) {
            if (MessageDigest.isEqual(k.blob(), presentedBlob)) {
                return true;
            }
        }
        return false;
    }

    /** The fingerprints accepted, for messages: "SHA256:…" or "ssh-ed25519 SHA256:…, …". */
    public String expectedDescription() {
        List<String> parts = new ArrayList<>();
        if (fingerprint != null) {
            parts.add(fingerprint);
        }
        for (PinnedKey k : keys) {
            parts.add(k.type() + " " + k.fingerprint());
        }
        return String.join(", ", parts);
    }

    /** The fingerprint column: the given fingerprint, or the first known_hosts key's. */
    public String fingerprint() {
        return fingerprint != null ? fingerprint : keys.get(0).fingerprint();
    }

    public String knownHostsText() {
        return knownHostsText;
    }

    public List<PinnedKey> keys() {
        return keys;
    }

    /** OpenSSH's SHA-256 fingerprint of a public key blob: {@code SHA256:} + unpadded base64. */
    public static String fingerprintOf(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decodeBlob(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("known_hosts 行中的公钥不是有效的 base64: " + printable(b64));
        }
    }

    private static String printable(String s) {
        return PlainText.abbreviate(s, 80);
    }

    @Override
    public String toString() {
        return "HostKeyPin[" + expectedDescription() + "]";
    }
}
