package cn.dengbao.sentinel.collector.enroll;

import cn.dengbao.sentinel.pki.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Enrolment tokens: 256 random bits, shown once; only their SHA-256 is stored. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "dbs_";

    private Tokens() {
    }

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(Fingerprint.sha256(token.strip().getBytes(StandardCharsets.UTF_8)));
    }

    /** A new agent id: 96 random bits, safe as a certificate CN, a file name and a database key. */
    public static String newAgentId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "agent-" + HexFormat.of().formatHex(b);
    }
}
