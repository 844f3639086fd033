package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end path of the vulnerability tests: a feed directory built into a bundle, signed by a builder's key,
 * imported into a fresh embedded store the way {@code vulns build} / {@code vulns import} do, and hosts judged by the
 * collector's own evaluator.
 */
final class ImportedFeeds {
    private ImportedFeeds() {
    }

    /** Builds, signs and imports {@code feeds}; the store (under {@code tmp/data}) is the caller's to close. */
    static Store importInto(Path tmp, Path feeds) throws Exception {
        Path bundle = tmp.resolve("bundle.json.gz");
        Instant now = Instant.now();
        BundleCodec.write(BundleBuilder.build(feeds, now), bundle);
        CollectorKeys keys = CollectorKeys.loadOrCreate(tmp.resolve("builder"));
        new ExportSigner(keys, "builder", "test", Times.of(ZoneOffset.UTC)).sign(bundle, Bundle.FORMAT, List.of(), now);
        Store store = Store.embedded(tmp.resolve("data"));
        new BundleImporter(store, keys.publicKey()).importFile(bundle, "test", now);
        return store;
    }

    /** Judges {@code facts} as host {@code host} with the given boolean attributes set to true. */
    static Evaluation evaluate(Store store, String host, Facts facts, String... attrs) throws Exception {
        Host h = store.hosts().ensure(host, "g", Host.SOURCE_SSH);
        for (String a : attrs) {
            store.hosts().setAttributes(h.id(), Map.of(a, "true"));
        }
        return Wiring.evaluator(store).evaluate(facts.toBuilder().setHost(HostInfo.newBuilder().setHostname(host)).build());
    }

    static Finding finding(Evaluation ev, String rule) {
        return ev.getFindingsList().stream().filter(f -> f.getRuleId().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + ev.getFindingsList()));
    }
}
