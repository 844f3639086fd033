package cn.dengbao.sentinel.collector.signing;

import cn.dengbao.sentinel.pki.Sm3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks an export against its manifest and the manifest against its SM2 signature, and says exactly what
 * does not match: a missing file, a manifest whose signature fails (manifest modified or another key), a file
 * whose SM3 or size differs from the manifest (file modified).
 */
public final class ExportVerifier {
    private final PublicKey publicKey;

    public ExportVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    public VerificationResult verify(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifestFile = ExportSigner.manifestPath(file);
        Path sigFile = ExportSigner.signaturePath(file);
        if (!Files.isRegularFile(file)) {
            problems.add("导出文件不存在: " + file);
        }
        if (!Files.isRegularFile(manifestFile)) {
            problems.add("清单文件缺失 (missing manifest): " + manifestFile);
        }
        if (!Files.isRegularFile(sigFile)) {
            problems.add("签名文件缺失 (missing signature): " + sigFile);
        }
        if (!problems.isEmpty()) {
            return new VerificationResult(null, problems);
        }
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        if (!signatureValid(manifestBytes, Files.readString(sigFile).trim(), problems)) {
            problems.add("清单签名无效 (signature invalid): 清单被修改，或不是由该公钥签名 (公钥 SM3 "
                    + CollectorKeys.fingerprint(publicKey) + ")");
        }
        Manifest m;
        try {
            m = ExportSigner.JSON.readValue(manifestBytes, Manifest.class);
        } catch (IOException e) {
            problems.add("清单无法解析 (manifest unreadable): " + e.getClass().getSimpleName());
            return new VerificationResult(null, problems);
        }
        if (m.publicKeySm3() != null && !m.publicKeySm3().equals(CollectorKeys.fingerprint(publicKey))) {
            problems.add("清单声明的签名公钥 SM3 为 " + m.publicKeySm3() + "，与用于验证的公钥 "
                    + CollectorKeys.fingerprint(publicKey) + " 不同");
        }
        if (!file.getFileName().toString().equals(m.file())) {
            problems.add("文件名不符: 清单记录 " + m.file() + "，实际 " + file.getFileName());
        }
        String actual = Sm3.hexDigest(file);
        if (!actual.equals(m.sm3())) {
            problems.add("文件已被修改 (file modified): SM3 期望 " + m.sm3() + "，实际 " + actual);
        }
        long size = Files.size(file);
        if (size != m.size()) {
            problems.add("文件大小不符: 期望 " + m.size() + " 字节，实际 " + size + " 字节");
        }
        return new VerificationResult(m, problems);
    }

    private boolean signatureValid(byte[] manifestBytes, String sigBase64, List<String> problems) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(sigBase64);
        } catch (IllegalArgumentException e) {
            problems.add("签名文件格式错误 (signature not base64)");
            return true;   // reported above; do not add the generic line twice
        }
        try {
            Signature s = Signature.getInstance(Manifest.ALGORITHM, CollectorKeys.BC);
            s.initVerify(publicKey);
            s.update(manifestBytes);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;   // a malformed DER signature is as invalid as a wrong one
        }
    }
}
