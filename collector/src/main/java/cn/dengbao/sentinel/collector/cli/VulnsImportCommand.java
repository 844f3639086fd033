package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.collector.vulns.BundleImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vulns import FILE [--public-key PEM]}: verify the bundle's SM2 signature, then store it with its provenance. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "校验并导入漏洞数据包（FILE 及其 FILE.manifest.json / FILE.manifest.sig SM2 签名）")
public final class VulnsImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(index = "0", paramLabel = "FILE", description = "漏洞数据包 (bundle built by `vulns build`)")
    Path file;

    @Option(names = "--public-key", paramLabel = "PEM", description = "生成数据包的采集器的公钥 (the building "
            + "collector's public key; default: DATA_DIR/keys/" + CollectorKeys.PUBLIC_FILE + ")")
    Path publicKey;

    @Option(names = "--actor", paramLabel = "NAME", description = "操作人 (recorded in the audit log)")
    String actor;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("找不到漏洞数据包 (bundle not found): " + file);
        }
        Path pem = publicKey != null ? publicKey : storeOptions.dataDir().resolve("keys").resolve(CollectorKeys.PUBLIC_FILE);
        PublicKey key = VulnsBuildCommand.readKey(pem);
        Times times = storeOptions.times();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = storeOptions.open()) {
            BundleImporter.Imported r = new BundleImporter(store, key).importFile(file,
                    FindingsCommand.actorOr(actor), Instant.now());
            out.println("已导入漏洞数据包 #" + r.bundleId() + "：" + r.bundle().records().size() + " 条记录，SM3 "
                    + r.manifest().sm3() + "，签名公钥 SM3 " + r.manifest().publicKeySm3());
            for (FeedSource s : r.bundle().sources()) {
                out.println("  " + PlainText.oneLine(s.name()) + "：" + s.records() + " 条，获取于 "
                        + times.text(s.retrievedAt()) + "，SHA-256 " + PlainText.oneLine(s.sha256()) + "，许可 "
                        + PlainText.oneLine(s.licence()) + "，来源 " + PlainText.oneLine(s.originUrl()));
            }
        }
        out.flush();
        return 0;
    }
}
