package cn.dengbao.sentinel.collector.signing;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** SM3 (GB/T 32905) hashes as lower-case hex. */
public final class Sm3 {
    private Sm3() {
    }

    public static String hex(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return Hex.toHexString(out);
    }

    /** Streams the file, so a large export is never held in memory. */
    public static String hex(Path file) throws IOException {
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
        return Hex.toHexString(out);
    }
}
