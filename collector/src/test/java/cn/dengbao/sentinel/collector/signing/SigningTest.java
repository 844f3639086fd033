package cn.dengbao.sentinel.collector.signing;

import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.pki.Sm3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningTest {
    private static final Instant NOW = Instant.parse("2026-03-31T00:00:00Z");
    private static final Times UTC = Times.of(java.time.ZoneOffset.UTC);

    private Path export(Path dir) throws Exception {
        Path f = dir.resolve("report.csv");
        Files.writeString(f, "\uFEFF测评对象,符合情况\r\nweb-1,符合\r\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void keyIsCreatedOnceWithPrivateModeAndPublicPem(@TempDir Path data) throws Exception {
        CollectorKeys k1 = CollectorKeys.loadOrCreate(data);
        Path priv = data.resolve("keys").resolve(CollectorKeys.PRIVATE_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))));
        assertTrue(Files.readString(k1.publicKeyFile()).startsWith("-----BEGIN PUBLIC KEY-----"));
        CollectorKeys k2 = CollectorKeys.loadOrCreate(data);
        assertEquals(CollectorKeys.fingerprint(k1.publicKey()), CollectorKeys.fingerprint(k2.publicKey()));
    }

    @Test
    void signedExportVerifies(@TempDir Path dir) throws Exception {
        CollectorKeys keys = CollectorKeys.loadOrCreate(dir.resolve("data"));
        Path f = export(dir);
        Manifest m = new ExportSigner(keys, "collector-1", "0.1.0", UTC).sign(f, "csv", List.of("7", "9"), NOW);
        assertEquals(Sm3.hexDigest(f), m.sm3());
        assertEquals(64, m.sm3().length());
        assertEquals(Files.size(f), m.size());
        VerificationResult r = new ExportVerifier(keys.publicKey()).verify(f);
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(List.of("7", "9"), r.manifest().scanIds());
        assertEquals("SM3withSM2", r.manifest().signatureAlgorithm());
        // the signature also verifies with the exported PEM, as an assessor would use it
        assertTrue(new ExportVerifier(CollectorKeys.readPublicKey(keys.publicKeyFile())).verify(f).valid());
    }

    @Test
    void modifiedFileIsReportedWithBothHashes(@TempDir Path dir) throws Exception {
        CollectorKeys keys = CollectorKeys.loadOrCreate(dir.resolve("data"));
        Path f = export(dir);
        Manifest m = new ExportSigner(keys, "c", "0.1.0", UTC).sign(f, "csv", List.of(), NOW);
        Files.writeString(f, Files.readString(f).replace("符合", "不符合"));
        VerificationResult r = new ExportVerifier(keys.publicKey()).verify(f);
        assertFalse(r.valid());
        String all = String.join("\n", r.problems());
        assertTrue(all.contains("文件已被修改") && all.contains(m.sm3()) && all.contains(Sm3.hexDigest(f)), all);
        assertFalse(all.contains("签名无效"), "the manifest itself is intact: " + all);
    }

    @Test
    void modifiedManifestFailsTheSignature(@TempDir Path dir) throws Exception {
        CollectorKeys keys = CollectorKeys.loadOrCreate(dir.resolve("data"));
        Path f = export(dir);
        new ExportSigner(keys, "c", "0.1.0", UTC).sign(f, "csv", List.of(), NOW);
        // an attacker edits the file AND puts the new hash in the manifest: only the signature can tell
        Files.writeString(f, "forged\r\n");
        Path mf = ExportSigner.manifestPath(f);
        String manifest = Files.readString(mf);
        String oldHash = ExportSigner.JSON.readTree(manifest).get("sm3").asText();
        String oldSize = ExportSigner.JSON.readTree(manifest).get("size").asText();
        Files.writeString(mf, manifest.replace(oldHash, Sm3.hexDigest(f)).replace("\"size\" : " + oldSize, "\"size\" : " + Files.size(f)));
        VerificationResult r = new ExportVerifier(keys.publicKey()).verify(f);
        assertFalse(r.valid());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("签名无效"));
    }

    @Test
    void missingManifestOrSignatureIsSaid(@TempDir Path dir) throws Exception {
        CollectorKeys keys = CollectorKeys.loadOrCreate(dir.resolve("data"));
        Path f = export(dir);
        new ExportSigner(keys, "c", "0.1.0", UTC).sign(f, "csv", List.of(), NOW);
        Files.delete(ExportSigner.signaturePath(f));
        VerificationResult r = new ExportVerifier(keys.publicKey()).verify(f);
        assertFalse(r.valid());
        assertTrue(r.problems().get(0).contains("签名文件缺失"), r.problems().toString());
        Files.delete(ExportSigner.manifestPath(f));
        assertTrue(new ExportVerifier(keys.publicKey()).verify(f).problems().get(0).contains("清单文件缺失"));
    }

    @Test
    void anotherCollectorsKeyDoesNotVerify(@TempDir Path dir) throws Exception {
        CollectorKeys mine = CollectorKeys.loadOrCreate(dir.resolve("a"));
        CollectorKeys other = CollectorKeys.loadOrCreate(dir.resolve("b"));
        Path f = export(dir);
        new ExportSigner(mine, "c", "0.1.0", UTC).sign(f, "csv", List.of(), NOW);
        VerificationResult r = new ExportVerifier(other.publicKey()).verify(f);
        assertFalse(r.valid());
        String all = String.join("\n", r.problems());
        assertTrue(all.contains("签名无效") && all.contains(CollectorKeys.fingerprint(mine.publicKey())), all);
    }

    @Test
    void sm3KnownAnswer() {
        // GB/T 32905-2016 example 1: SM3("abc")
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                Sm3.hexDigest("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
