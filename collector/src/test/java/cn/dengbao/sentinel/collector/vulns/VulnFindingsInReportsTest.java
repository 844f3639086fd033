package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.export.StoreReportSource;
import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Risk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vulnerability findings take the path of every rule's: stored with their lifecycle (opened, fixed by an upgrade),
 * counted by the KPIs, listed with their CVE evidence rows in each export format, and the exploitable one on an
 * internet-facing host kept in the 2025 major-hazard rectification record after its fix.
 */
class VulnFindingsInReportsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T0 = NOW.minus(Duration.ofDays(30));
    private static final Instant T1 = NOW.minus(Duration.ofDays(10));

    @TempDir
    Path tmp;

    private static Facts debian12(String host, Instant at, String opensslVersion) {
        return Facts.newBuilder().setSchemaVersion("1").setReportId(host + "-" + at.toEpochMilli())
                .setHost(HostInfo.newBuilder().setHostname(host).setCollectedAtEpochMs(at.toEpochMilli()))
                .setOs(OsInfo.newBuilder().setFamily(OsFamily.DEBIAN).setId("debian").setVersionId("12")
                        .setPrettyName("Debian GNU/Linux 12 (bookworm)"))
                .setPackages(Packages.newBuilder().setManager("dpkg")
                        .addPackages(Package.newBuilder().setName("libssl3").setVersion(opensslVersion).setArch("amd64")
                                .setSourceName("openssl").setSourceVersion(opensslVersion)))
                .build();
    }

    private static void scan(Store store, Host h, Instant at, String version) throws Exception {
        Facts f = debian12(h.name(), at, version);
        Evaluation ev = Wiring.evaluator(store).evaluate(f).toBuilder().setEvaluatedAtEpochMs(at.toEpochMilli()).build();
        store.scans().recordScan(h.id(), f.getReportId(), f, ev, "agent");
    }

    @Test
    void vulnerabilityFindingsReachLifecycleKpisAndEveryExportFormat() throws Exception {
        Path feeds = Files.createDirectories(tmp.resolve("feeds"));
        VulnSamples.feedDir(feeds, "cisa-kev.json");
        Files.writeString(feeds.resolve("debian12.csv"), VulnMatchingEndToEndTest.DEBIAN12_CSV);
        Path bundle = tmp.resolve("bundle.json.gz");
        BundleCodec.write(BundleBuilder.build(feeds, NOW), bundle);
        CollectorKeys keys = CollectorKeys.loadOrCreate(tmp.resolve("builder"));
        new ExportSigner(keys, "builder", "test", Times.of(ZoneOffset.UTC)).sign(bundle, Bundle.FORMAT, List.of(), NOW);
        Path data = tmp.resolve("data");
        try (Store store = Store.embedded(data)) {
            new BundleImporter(store, keys.publicKey()).importFile(bundle, "test", NOW);
            Host web = store.hosts().ensure("web-1", "prod", Host.SOURCE_AGENT);
            store.hosts().setAttributes(web.id(), Map.of("internet_facing", "true"));
            Host db = store.hosts().ensure("db-1", "prod", Host.SOURCE_AGENT);
            scan(store, web, T0, "3.0.9-1");
            scan(store, db, T0, "3.0.9-1");
            scan(store, web, T1, "3.0.11-1~deb12u2");   // upgraded to DSA-5532-1's fix
            scan(store, db, T1, "3.0.9-1");

            FindingRecord webVuln = store.findings().get(web.id(), VulnFindings.FIX_AVAILABLE).orElseThrow();
            assertEquals(T0, webVuln.firstSeenAt());
            assertEquals(T1, webVuln.fixedAt());
            FindingRecord dbVuln = store.findings().get(db.id(), VulnFindings.FIX_AVAILABLE).orElseThrow();
            assertEquals(T0, dbVuln.firstSeenAt());
            assertEquals(null, dbVuln.fixedAt());

            StoreReportSource src = new StoreReportSource(store);
            List<LifecycleRecord> all = src.lifecycle("prod", src.hosts("prod", null), null);
            List<LifecycleRecord> vulns = all.stream().filter(r -> r.ruleId().equals(VulnFindings.FIX_AVAILABLE))
                    .toList();
            LifecycleRecord webRec = vulns.stream().filter(r -> r.hostName().equals("web-1")).findFirst().orElseThrow();
            assertEquals(Risk.HIGH, webRec.risk());
            assertTrue(webRec.majorHazard(), "exploitable on an internet-facing host: a 2025 major hazard");
            KpiCalculator calc = new KpiCalculator(KpiTargets.defaults(), Times.system());
            Kpi withVulns = calc.compute(all, NOW, null).overall();
            Kpi without = calc.compute(all.stream().filter(r -> !r.ruleId().equals(VulnFindings.FIX_AVAILABLE))
                    .toList(), NOW, null).overall();
            assertEquals(without.open() + 1, withVulns.open(), "db-1's open vulnerability counts");
            assertEquals(without.fixed() + 1, withVulns.fixed(), "web-1's upgrade counts as a fix");
            Kpi onlyVulns = calc.compute(vulns, NOW, null).overall();
            assertEquals(20.0, onlyVulns.medianDaysToFix(), 1e-9, "T0 → T1");
        }

        for (String format : List.of("csv", "json", "html", "xlsx")) {
            Path out = tmp.resolve("prod." + format);
            assertEquals(0, CollectorMain.execute("export", "--group", "prod", "--format", format, "--out",
                    out.toString(), "--data-dir", data.toString()), format);
            if (format.equals("xlsx")) {
                try (ReadableWorkbook wb = new ReadableWorkbook(out.toFile())) {
                    List<Row> rows = wb.findSheet("测评记录").orElseThrow().read();
                    assertTrue(rows.stream().anyMatch(r -> r.getCellAsString(0).orElse("").equals("db-1")
                            && rowText(r).contains("CVE-2023-5363") && rowText(r).contains("DSA-5532-1")
                            && rowText(r).contains("修复版本 3.0.11-1~deb12u2")), "db-1's CVE evidence row in xlsx");
                    List<Row> hz = wb.findSheet("重大风险隐患整改").orElseThrow().read();
                    assertTrue(hz.stream().anyMatch(r -> r.getCellAsString(0).orElse("").equals("web-1")
                            && rowText(r).contains("已整改")), "web-1's fixed vulnerability hazard: " + hz);
                }
            } else {
                String text = Files.readString(out);
                assertTrue(text.contains("CVE-2023-5363") && text.contains("DSA-5532-1")
                        && text.contains("3.0.11-1~deb12u2") && text.contains(format.equals("html")
                        ? "已安装软件包无已发布修复的已知漏洞" : VulnFindings.FIX_AVAILABLE),
                        format + " holds the CVE evidence row of db-1");
            }
        }
    }

    private static String rowText(Row r) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.getCellCount(); i++) {
            s.append(r.getCellAsString(i).orElse("")).append('|');
        }
        return s.toString();
    }
}
