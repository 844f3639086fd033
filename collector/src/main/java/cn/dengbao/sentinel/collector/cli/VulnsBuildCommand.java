package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.export.ToolInfo;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.signing.Manifest;
import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.vulns.Bundle;
import cn.dengbao.sentinel.collector.vulns.BundleBuilder;
import cn.dengbao.sentinel.collector.vulns.BundleCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vulns build --from DIR --out FILE}: vendors' files → one signed bundle (FILE + FILE.manifest.json/.sig). */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "从厂商原始数据（本地副本）生成并签名漏洞数据包：Debian 安全追踪 JSON、Ubuntu OSV（含 osv-all.tar.xz）、"
                + "Red Hat / openEuler CSAF/VEX、openEuler CVRF、Anolis OVAL、CISA KEV、麒麟/统信公告 CSV 或 YAML")
public final class VulnsBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "厂商数据文件所在目录 (vendor files)")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "输出的数据包 (.json 或 .json.gz)")
    Path out;

    @Option(names = "--collector-id", paramLabel = "ID", description = "写入签名清单的采集器标识")
    String collectorId;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("--from 不是目录 (not a directory): " + from);
        }
        Instant now = Instant.now();
        Bundle b = BundleBuilder.build(from, now);
        BundleCodec.write(b, out);
        CollectorKeys keys = CollectorKeys.loadOrCreate(storeOptions.dataDir());
        Manifest m = new ExportSigner(keys, ExportCommand.collectorIdOr(collectorId), ToolInfo.VERSION, storeOptions.times())
                .sign(out, Bundle.FORMAT, List.of(), now);
        PrintWriter o = spec.commandLine().getOut();
        o.println("已生成漏洞数据包 " + out + "：" + b.records().size() + " 条记录，SM3 " + m.sm3());
        for (FeedSource s : b.sources()) {
            o.println("  " + PlainText.oneLine(s.name()) + "：" + s.records() + " 条，SHA-256 " + s.sha256());
        }
        o.println("签名清单 " + ExportSigner.manifestPath(out) + "，签名 " + ExportSigner.signaturePath(out) + "（公钥 "
                + keys.publicKeyFile() + "：导入时用 --public-key 指定）");
        o.flush();
        return 0;
    }

    /** The trusted public key for verifying a bundle; a missing or unreadable file is a usage error. */
    static PublicKey readKey(Path pem) {
        if (!Files.isRegularFile(pem)) {
            throw new IllegalArgumentException("找不到公钥文件: " + pem + "（用 --public-key 指定生成数据包的采集器的 "
                    + CollectorKeys.PUBLIC_FILE + "；public key file not found）");
        }
        try {
            return CollectorKeys.readPublicKey(pem);
        } catch (Exception e) {
            throw new IllegalArgumentException("公钥文件无法读取: " + pem + "（" + e.getClass().getSimpleName() + "）");
        }
    }
}
