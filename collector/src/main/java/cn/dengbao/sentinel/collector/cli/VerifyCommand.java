package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.signing.Manifest;
import cn.dengbao.sentinel.collector.signing.VerificationResult;
import cn.dengbao.sentinel.collector.signing.ExportVerifier;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

/** {@code verify FILE [--public-key PEM]}: exit 0 valid, 1 invalid (says what does not match), 2 usage. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "校验导出文件：SM2 签名清单（FILE.manifest.json / FILE.manifest.sig）与文件 SM3")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--public-key", paramLabel = "PEM", description = "The collector's public key (default: DATA_DIR/keys/"
            + CollectorKeys.PUBLIC_FILE + ")")
    Path publicKey;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./sentinel-data")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path pem = publicKey != null ? publicKey : dataDir.resolve("keys").resolve(CollectorKeys.PUBLIC_FILE);
        if (!Files.isRegularFile(pem)) {
            throw new IllegalArgumentException("找不到公钥文件: " + pem + "（用 --public-key 指定采集器的 "
                    + CollectorKeys.PUBLIC_FILE + "；public key file not found）");
        }
        PublicKey key;
        try {
            key = CollectorKeys.readPublicKey(pem);
        } catch (Exception e) {
            throw new IllegalArgumentException("公钥文件无法读取: " + pem + "（" + e.getClass().getSimpleName()
                    + "；unreadable public key）");
        }
        VerificationResult r = new ExportVerifier(key).verify(file);
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(out, r);
        } finally {
            out.flush();
        }
        return r.valid() ? 0 : 1;
    }

    private void print(PrintWriter out, VerificationResult r) {
        if (r.valid()) {
            Manifest m = r.manifest();
            out.println("有效 (valid): " + file);
            out.println("  SM3 " + m.sm3() + "，" + m.size() + " 字节，格式 " + m.format() + "，生成于 " + m.createdAt());
            out.println("  采集器 " + m.collectorId() + "，" + m.toolVersion() + "，扫描 " + m.scanIds());
            out.println("  签名 " + m.signatureAlgorithm() + "，公钥 SM3 " + m.publicKeySm3());
            return;
        }
        out.println("无效 (invalid): " + file);
        for (String p : r.problems()) {
            out.println("  - " + p);
        }
    }
}
