package cn.dengbao.sentinel.collector.signing;

import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.pki.Sm3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes {@code FILE.manifest.json} (name, SM3, size, time, collector, scans, format, tool version) and
 * {@code FILE.manifest.sig}, a detached SM3withSM2 signature (DER, base64) over the manifest's bytes.
 */
public final class ExportSigner {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // a newer collector may add manifest fields; the signature still covers them
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final CollectorKeys keys;
    private final String collectorId;
    private final String toolVersion;
    private final Times times;

    /** {@code times}: how {@code createdAt} is written (ISO-8601 with the collector's offset, as in the JSON export). */
    public ExportSigner(CollectorKeys keys, String collectorId, String toolVersion, Times times) {
        this.keys = keys;
        this.collectorId = collectorId;
        this.toolVersion = toolVersion;
        this.times = times;
    }

    public static Path manifestPath(Path file) {
        return file.resolveSibling(file.getFileName() + ".manifest.json");
    }

    public static Path signaturePath(Path file) {
        return file.resolveSibling(file.getFileName() + ".manifest.sig");
    }

    public Manifest sign(Path file, String format, List<String> scanIds, Instant now) throws IOException {
        Manifest m = new Manifest(Manifest.VERSION, file.getFileName().toString(), Sm3.hexDigest(file), Files.size(file),
                times.iso(now), collectorId, List.copyOf(scanIds), format, toolVersion, Manifest.ALGORITHM,
                CollectorKeys.fingerprint(keys.publicKey()));
        byte[] manifestBytes = JSON.writeValueAsBytes(m);
        try {
            Signature s = Signature.getInstance(Manifest.ALGORITHM, CollectorKeys.BC);
            s.initSign(keys.privateKey());
            s.update(manifestBytes);
            byte[] sig = s.sign();
            Files.write(manifestPath(file), manifestBytes);
            Files.writeString(signaturePath(file), Base64.getEncoder().encodeToString(sig) + "\n", StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("SM2 签名失败: " + e.getMessage(), e);
        }
        return m;
    }
}
