package cn.dengbao.sentinel.collector.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Matches the host field of a known_hosts line (comma list, {@code [host]:port}, hashed {@code |1|salt|hash}). */
final class KnownHostsPatterns {

    private KnownHostsPatterns() {
    }

    static boolean matches(String hostField, String host, int port) {
        String wanted = port == 22 ? host : "[" + host + "]:" + port;
        for (String entry : hostField.split(",")) {
            if (entry.startsWith("!")) {
                continue;
            }
            if (entry.startsWith("|1|")) {
                if (hashedMatches(entry, wanted)) {
                    return true;
                }
            } else if (entry.equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hashedMatches(String entry, String wanted) {
        String[] p = entry.split("\\|");
        if (p.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] hash = Base64.getDecoder().decode(p[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(wanted.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return false;
        }
    }
}
