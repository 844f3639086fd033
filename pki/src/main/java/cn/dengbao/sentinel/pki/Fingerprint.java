package cn.dengbao.sentinel.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 fingerprint of a certificate's DER encoding, shown as {@code SHA256:<lowercase hex>}. */
public final class Fingerprint {
    public static final String PREFIX = "SHA256:";

    private Fingerprint() {
    }

    public static String of(X509Certificate cert) {
        try {
            return PREFIX + HexFormat.of().formatHex(sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static String hexOf(X509Certificate cert) {
        return of(cert).substring(PREFIX.length());
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepts what an operator may paste: with or without the prefix, upper or lower case, with colons.
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    public static String normalize(String input) {
        String s = input == null ? "" : input.strip();
        if (s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            s = s.substring(PREFIX.length());
        }
        s = s.replace(":", "").toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("CA fingerprint must be SHA256:<64 hex digits>");
        }
        return PREFIX + s;
    }
}
