package cn.dengbao.sentinel.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * SM3 (GB/T 32905) through BouncyCastle's lightweight API (no provider registration): the one copy for export
 * manifests, the audit chain and evidence hashes. Hex is lower case.
 */
public final class Sm3 {
    private static final HexFormat HEX = HexFormat.of();

    private Sm3() {
    }

    /** The digest of the parts, concatenated. */
    public static byte[] digest(byte[]... parts) {
        SM3Digest d = new SM3Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    public static String hexDigest(byte[] data) {
        return HEX.formatHex(digest(data));
    }

    /** Streams the file, so a large export is never held in memory. */
    public static String hexDigest(Path file) throws IOException {
        SM3Digest d = new SM3Digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return HEX.formatHex(out);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Parses lower- or upper-case hex; empty when malformed (a tampered column, reported by verify). */
    public static Optional<byte[]> unhex(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
