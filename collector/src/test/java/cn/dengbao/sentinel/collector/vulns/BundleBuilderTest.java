package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder over the vendors' real published samples (shared/data/vuln-samples), and the bundle file round trip. */
class BundleBuilderTest {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** A minimal Kylin advisory CSV (no bulk feed exists; fields from the KYSA advisory pages). */
    static final String KYLIN_CSV = """
            # origin: https://www.kylinos.cn/support/loophole/patch.html
            # licence: 麒麟软件安全公告（公开）
            stream,package,package_kind,fixed_version,status,advisory,cves,severity,cvss3
            kylin:v10,git,source,2.27.0-9.p01.ky10,fixed,KYSA-202508-1001,CVE-2025-48384,高危,8.0
            kylin:v10,"openssh",source,,will_not_fix,,CVE-2023-51385 CVE-2023-48795,中危,6.5
            """;

    @Test
    void debianTrackerSampleGivesSourcePackageRecordsPerRelease(@TempDir Path tmp) throws Exception {
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "debian/tracker-api-advisory.json"), NOW);
        Map<String, VulnRecord> byCve = b.records().stream().collect(Collectors.toMap(r -> r.cves().get(0),
                Function.identity()));
        // CVE-2012-0833 is "resolved" at version 0 (never affected) and TEMP- entries have no CVE: no records
        assertEquals(2, b.records().size(), b.records().toString());
        VulnRecord fixed = byCve.get("CVE-2016-5405");
        assertEquals("debian:11", fixed.stream());
        assertEquals("389-ds-base", fixed.pkg());
        assertEquals(VulnRecord.SOURCE_PACKAGE, fixed.kind());
        assertEquals("1.3.5.15-1", fixed.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, fixed.status());
        VulnRecord open = byCve.get("CVE-2016-5416");
        assertEquals(VulnRecord.Status.not_fixed, open.status());
        assertNull(open.fixedVersion());
        FeedSource s = b.sources().get(0);
        assertEquals(DebianTracker.NAME, s.name());
        assertEquals(2, s.records());
        assertEquals(64, s.sha256().length());
        assertEquals(Files.getLastModifiedTime(tmp.resolve("debian/tracker-api-advisory.json")).toInstant(),
                s.retrievedAt());
    }

    @Test
    void openEulerCsafGivesOneSourceRecordPerStreamWithTheFixedEvr(@TempDir Path tmp) throws Exception {
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "openeuler/csaf-openeuler-sa-2025-1351.json",
                "openeuler/csaf-openeuler-cve-2025-30346.json"), NOW);
        List<VulnRecord> vim = b.records().stream().filter(r -> r.pkg().equals("vim")).toList();
        assertEquals(5, vim.size(), "one per openEuler release, source RPM only: " + vim);
        VulnRecord sp4 = vim.stream().filter(r -> r.stream().equals("openeuler:22.03-LTS-SP4")).findFirst().orElseThrow();
        assertEquals("9.0-33.oe2203sp4", sp4.fixedVersion());
        assertEquals(List.of("openEuler-SA-2025-1351"), sp4.advisories());
        assertEquals(List.of("CVE-2025-29768"), sp4.cves());
        assertEquals("Medium", sp4.severity());
        assertEquals(4.4, sp4.cvss3());
        VulnRecord varnish = b.records().stream().filter(r -> r.pkg().equals("varnish")
                && r.stream().equals("openeuler:22.03-LTS-SP4")).findFirst().orElseThrow();
        assertEquals("7.4.3-2.oe2203sp4", varnish.fixedVersion());
        assertEquals(List.of(), varnish.advisories(), "a per-CVE document is not an advisory");
        assertEquals(1, b.sources().size());
        assertEquals(10, b.sources().get(0).records());
    }

    @Test
    void redHatExtendedSupportFixesDoNotCountForPlainRhel(@TempDir Path tmp) throws Exception {
        // RHSA-2023:7435 fixes fence-agents only for RHEL 8.2 AUS/E4S/TUS: a plain rhel:8 host cannot install it
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "redhat/rhsa-2023_7435.csaf.json"), NOW);
        assertEquals(List.of(), b.records());
        assertEquals("redhat-csaf", b.sources().get(0).name());
        assertTrue(b.sources().get(0).licence().contains("CC BY 4.0"));
    }

    @Test
    void kevMarksRecordsKnownExploitedAndCsvBringsKylin(@TempDir Path tmp) throws Exception {
        VulnSamples.feedDir(tmp, "cisa-kev.json");
        Files.writeString(tmp.resolve("kylin-v10.csv"), KYLIN_CSV);
        Bundle b = BundleBuilder.build(tmp, NOW);
        VulnRecord git = b.records().stream().filter(r -> r.pkg().equals("git")).findFirst().orElseThrow();
        assertTrue(git.kev(), "CVE-2025-48384 is in CISA's catalogue");
        assertEquals(8.0, git.cvss3());
        VulnRecord ssh = b.records().stream().filter(r -> r.pkg().equals("openssh")).findFirst().orElseThrow();
        assertFalse(ssh.kev());
        assertEquals(VulnRecord.Status.will_not_fix, ssh.status());
        assertEquals(List.of("CVE-2023-51385", "CVE-2023-48795"), ssh.cves());
        FeedSource kev = b.sources().stream().filter(s -> s.name().equals(KevCatalog.NAME)).findFirst().orElseThrow();
        assertEquals(1404, kev.records(), "every catalogue entry of the 2025-08 snapshot");
        FeedSource csv = b.sources().stream().filter(s -> s.name().equals("advisories:kylin-v10")).findFirst()
                .orElseThrow();
        assertEquals("https://www.kylinos.cn/support/loophole/patch.html", csv.originUrl());
    }

    @Test
    void unknownFilesAndBadCsvLinesAreErrorsNotSilentGaps(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x.json"), "{\"foo\": 1}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BundleBuilder.build(tmp, NOW)).getMessage()
                .contains("x.json"));
        Files.delete(tmp.resolve("x.json"));
        Files.writeString(tmp.resolve("uos.csv"), KYLIN_CSV.replace("kylin:v10,git", "plan9:4,git"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BundleBuilder.build(tmp, NOW)).getMessage()
                .contains("第 4 行"));
    }

    @Test
    void bundleFileRoundTripsPlainAndGzipped(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("kylin.csv"), KYLIN_CSV);
        VulnSamples.feedDir(in, "debian/tracker-api-advisory.json");
        Bundle b = BundleBuilder.build(in, NOW);
        for (String name : List.of("b.json", "b.json.gz")) {
            Path f = tmp.resolve(name);
            BundleCodec.write(b, f);
            assertEquals(b, BundleCodec.read(f), name);
        }
        String text = Files.readString(tmp.resolve("b.json"));
        Files.writeString(tmp.resolve("bad.json"), text.replace("\"status\":\"fixed\"", "\"status\":\"patched\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BundleCodec.read(tmp.resolve("bad.json")))
                .getMessage().contains("第 1 条记录"));
    }
}
