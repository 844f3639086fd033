package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.signing.ExportVerifier;
import cn.dengbao.sentinel.collector.signing.Manifest;
import cn.dengbao.sentinel.collector.signing.VerificationResult;
import cn.dengbao.sentinel.collector.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;

/**
 * Imports a bundle only after its signature checks out: the SM2-signed manifest beside it must name this file's SM3
 * and size and be signed by the trusted key. Nothing is stored from a bundle that fails.
 */
public final class BundleImporter {
    private final Store store;
    private final PublicKey trusted;

    public BundleImporter(Store store, PublicKey trusted) {
        this.store = store;
        this.trusted = trusted;
    }

    /** What an import stored. */
    public record Imported(long bundleId, Bundle bundle, Manifest manifest) {
    }

    public Imported importFile(Path file, String actor, Instant now) throws IOException {
        VerificationResult v = new ExportVerifier(trusted).verify(file);
        if (!v.valid()) {
            throw new IllegalArgumentException("漏洞数据包校验失败，未导入 (bundle not imported): "
                    + String.join("；", v.problems()));
        }
        if (!Bundle.FORMAT.equals(v.manifest().format())) {
            throw new IllegalArgumentException("签名清单的格式是 " + v.manifest().format() + "，不是漏洞数据包 ("
                    + Bundle.FORMAT + ")");
        }
        Bundle b = BundleCodec.read(file);
        long id = store.vulnFeeds().importBundle(file.getFileName().toString(), v.manifest().sm3(),
                v.manifest().publicKeySm3(), b.createdAt(), now, actor, b.sources(), b.records());
        return new Imported(id, b, v.manifest());
    }
}
