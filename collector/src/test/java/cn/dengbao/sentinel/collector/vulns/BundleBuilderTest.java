package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    void openEulerCvrfGivesTheSourceRpmOfEachFixedRelease(@TempDir Path tmp) throws Exception {
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "openeuler/cvrf-openEuler-SA-2025-1379.xml"), NOW);
        assertEquals(2, b.records().size(), "firefox's source rpm, once per CVE: " + b.records());
        VulnRecord r = b.records().stream().filter(x -> x.cves().equals(List.of("CVE-2023-6879"))).findFirst()
                .orElseThrow();
        assertEquals("openeuler:22.03-LTS-SP3", r.stream());
        assertEquals("firefox", r.pkg());
        assertEquals(VulnRecord.SOURCE_PACKAGE, r.kind());
        assertEquals("128.8.0-1.oe2203sp3", r.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, r.status());
        assertEquals(List.of("openEuler-SA-2025-1379"), r.advisories());
        assertEquals("Critical", r.severity());
        assertEquals(9.8, r.cvss3());
        assertEquals("openeuler-csaf", b.sources().get(0).name(), "the same vendor data as its CSAF");
    }

    @Test
    void redHatExtendedSupportFixesDoNotCountForPlainRhel(@TempDir Path tmp) throws Exception {
        // RHSA-2023:7435 fixes fence-agents only for RHEL 8.2 AUS/E4S/TUS: a plain rhel:8 host cannot install it
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "redhat/rhsa-2023_7435.csaf.json"), NOW);
        assertEquals(List.of(), b.records());
        assertEquals("redhat-csaf", b.sources().get(0).name());
        assertTrue(b.sources().get(0).licence().contains("CC BY 4.0"));
    }

    private static VulnRecord one(Bundle b, String stream, String pkg) {
        List<VulnRecord> l = b.records().stream().filter(r -> r.stream().equals(stream) && r.pkg().equals(pkg)).toList();
        assertEquals(1, l.size(), stream + " " + pkg + ": " + b.records());
        return l.get(0);
    }

    @Test
    void ubuntuOsvArchiveGivesSourceRecordsPerReleaseAndLeavesOutUbuntuPro(@TempDir Path tmp) throws Exception {
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "ubuntu/osv-all.sample.tar.xz"), NOW);
        // UBUNTU-CVE-2024-51988: rabbitmq-server in 20.04, 22.04, 24.04, 24.10; USN-7095-1: three kernels;
        // LSN-0108-1 is Livepatch, only in Ubuntu:Pro ecosystems (a subscription): no record
        assertEquals(7, b.records().size(), b.records().toString());
        VulnRecord rabbit = one(b, "ubuntu:22.04", "rabbitmq-server");
        assertEquals(VulnRecord.SOURCE_PACKAGE, rabbit.kind());
        assertEquals("3.9.27-0ubuntu0.1", rabbit.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, rabbit.status());
        assertEquals(List.of("CVE-2024-51988"), rabbit.cves());
        assertEquals(List.of(), rabbit.advisories(), "a per-CVE document is not an advisory");
        assertEquals("medium", rabbit.severity());
        assertEquals(6.5, rabbit.cvss3(), "computed from CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N");
        VulnRecord kernel = one(b, "ubuntu:22.04", "linux-nvidia-6.8");
        assertEquals("6.8.0-1017.19~22.04.1", kernel.fixedVersion());
        assertEquals(List.of("USN-7095-1"), kernel.advisories());
        assertTrue(kernel.cves().contains("CVE-2024-25741") && kernel.cves().stream().allMatch(c -> c.startsWith("CVE-")),
                kernel.cves().toString());
        assertEquals("6.8.0-1017.19.1", one(b, "ubuntu:24.04", "linux-nvidia-lowlatency").fixedVersion());
        assertTrue(b.records().stream().noneMatch(r -> r.advisories().contains("LSN-0108-1")));
        FeedSource s = b.sources().get(0);
        assertEquals(UbuntuOsv.NAME, s.name());
        assertEquals(7, s.records());
        assertEquals(BundleBuilder.sha256(Files.readAllBytes(tmp.resolve("ubuntu/osv-all.sample.tar.xz"))), s.sha256(),
                "the archive's own SHA-256, as Canonical publishes it");
        assertTrue(s.licence().contains("CC BY-SA 4.0"));
    }

    @Test
    void anolisOvalGivesBinaryRecordsWithTheSubPackageSuffixTakenOutOfTheEvr(@TempDir Path tmp) throws Exception {
        Bundle b = BundleBuilder.build(VulnSamples.feedDir(tmp, "anolis/anolis-23.oval.xml"), NOW);
        assertEquals(9, b.records().size(), "bind and its eight sub-packages: " + b.records());
        VulnRecord bind = one(b, "anolis:23", "bind");
        assertEquals(VulnRecord.BINARY_PACKAGE, bind.kind());
        assertEquals("32:9.18.34-1.an23", bind.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, bind.status());
        assertEquals(List.of("ANSA-2025:0186"), bind.advisories());
        assertEquals(List.of("CVE-2024-11187", "CVE-2024-12705"), bind.cves());
        assertEquals("Important", bind.severity());
        assertEquals(7.5, bind.cvss3());
        // published as "32:dnssec-utils-9.18.34-1.an23": literally, any installed 9.x would read as newer than the fix
        assertEquals("32:9.18.34-1.an23", one(b, "anolis:23", "bind-dnssec-utils").fixedVersion());
        assertTrue(Streams.compare("anolis:23", "32:9.18.20-1.an23",
                one(b, "anolis:23", "bind-chroot").fixedVersion()) < 0);
        assertEquals(AnolisOval.NAME, b.sources().get(0).name());
    }

    /**
     * RHEL 7 data for CentOS 7 under the end-of-life rule. No RHEL 7 CSAF is among the samples, so the real
     * RHSA-2023:7435 document is re-pointed at RHEL 7 (platform CPE, .el7_9 release, publication date): the format is
     * the vendor's, only those three values change.
     */
    static Path rhel7(Path dir, String platformCpe, String initialRelease) throws Exception {
        String text = Files.readString(VulnSamples.dir().resolve("redhat/rhsa-2023_7435.csaf.json"))
                .replace("cpe:/a:redhat:rhel_aus:8.2::appstream", platformCpe)
                .replace("el8_2.12", "el7_9.12")
                .replace("\"initial_release_date\": \"2023-11-21T15:34:29+00:00\"",
                        "\"initial_release_date\": \"" + initialRelease + "\"");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rhsa.json"), text);
        return dir;
    }

    @Test
    void rhel7FixesBeforeCentos7EndOfLifeCountForCentos7AndLaterOnesAreWillNotFix(@TempDir Path tmp) throws Exception {
        Bundle before = BundleBuilder.build(rhel7(tmp.resolve("a"), "cpe:/o:redhat:enterprise_linux:7::server",
                "2023-11-21T15:34:29+00:00"), NOW);
        VulnRecord rhel = before.records().stream().filter(r -> r.stream().equals("rhel:7")
                && r.cves().equals(List.of("CVE-2023-37920"))).findFirst().orElseThrow();
        assertEquals("fence-agents", rhel.pkg());
        assertEquals("0:4.2.1-41.el7_9.12", rhel.fixedVersion());
        assertEquals("Low", rhel.severity());
        assertEquals(9.1, rhel.cvss3());
        VulnRecord centos = before.records().stream().filter(r -> r.stream().equals("centos:7")
                && r.cves().equals(List.of("CVE-2023-37920"))).findFirst().orElseThrow();
        assertEquals(VulnRecord.Status.fixed, centos.status(), "published 2023-11-21, before 2024-06-30");
        assertEquals("0:4.2.1-41.el7_9.12", centos.fixedVersion());
        assertEquals(List.of("RHSA-2023:7435"), centos.advisories());

        Bundle after = BundleBuilder.build(rhel7(tmp.resolve("b"), "cpe:/o:redhat:enterprise_linux:7::server",
                "2024-09-10T00:00:00+00:00"), NOW);
        VulnRecord late = after.records().stream().filter(r -> r.stream().equals("centos:7")
                && r.cves().equals(List.of("CVE-2023-37920"))).findFirst().orElseThrow();
        assertEquals(VulnRecord.Status.will_not_fix, late.status(), "CentOS 7 got no update after its end of life");
        assertNull(late.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, after.records().stream().filter(r -> r.stream().equals("rhel:7"))
                .findFirst().orElseThrow().status());

        // a fix shipped only through Extended Life Support: nothing for rhel:7, "will not fix" for CentOS 7
        Bundle els = BundleBuilder.build(rhel7(tmp.resolve("c"), "cpe:/o:redhat:rhel_els:7", "2024-09-10T00:00:00+00:00"),
                NOW);
        assertTrue(els.records().stream().noneMatch(r -> r.stream().equals("rhel:7")), els.records().toString());
        assertEquals(2, els.records().size(), "one per CVE for centos:7: " + els.records());
        assertTrue(els.records().stream().allMatch(r -> r.stream().equals("centos:7")
                && r.status() == VulnRecord.Status.will_not_fix));
    }

    /**
     * Red Hat's VEX states per CVE which components are affected and whether a fix is planned. No VEX file is among
     * the samples: the RHEL 7 document above is turned into that shape (its source rpms "known_affected", remediation
     * "no_fix_planned" for CVE-2023-37920, "none_available" for CVE-2023-43804).
     */
    @Test
    void redHatVexAffectedWithoutFixIsWillNotFixOrNotFixedAndCentos7WillNotFix(@TempDir Path tmp) throws Exception {
        Path dir = rhel7(tmp.resolve("vex"), "cpe:/o:redhat:enterprise_linux:7::server", "2023-11-21T15:34:29+00:00");
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = (ObjectNode) m.readTree(
                dir.resolve("rhsa.json").toFile());
        for (JsonNode v : doc.path("vulnerabilities")) {
            ArrayNode src = m.createArrayNode();
            v.path("product_status").path("fixed").forEach(p -> {
                if (p.asText().endsWith(".src")) {
                    src.add(p.asText());
                }
            });
            ObjectNode vo = (ObjectNode) v;
            vo.set("product_status", m.createObjectNode().set("known_affected", src));
            String how = v.path("cve").asText().equals("CVE-2023-37920") ? "no_fix_planned" : "none_available";
            vo.set("remediations", m.createArrayNode().add(m.createObjectNode().put("category", how)
                    .set("product_ids", src)));
        }
        m.writeValue(dir.resolve("rhsa.json").toFile(), doc);
        Bundle b = BundleBuilder.build(dir, NOW);
        VulnRecord wontfix = b.records().stream().filter(r -> r.stream().equals("rhel:7")
                && r.cves().equals(List.of("CVE-2023-37920"))).findFirst().orElseThrow();
        assertEquals("fence-agents", wontfix.pkg());
        assertEquals(VulnRecord.Status.will_not_fix, wontfix.status());
        assertNull(wontfix.fixedVersion());
        VulnRecord open = b.records().stream().filter(r -> r.stream().equals("rhel:7")
                && r.cves().equals(List.of("CVE-2023-43804"))).findFirst().orElseThrow();
        assertEquals(VulnRecord.Status.not_fixed, open.status());
        assertEquals(5.9, open.cvss3());
        assertTrue(b.records().stream().filter(r -> r.stream().equals("centos:7"))
                .allMatch(r -> r.status() == VulnRecord.Status.will_not_fix), "CentOS 7 gets no later fix");
        assertEquals(2, b.records().stream().filter(r -> r.stream().equals("centos:7")).count());
    }

    @Test
    void cvssV3BaseScoresFollowTheSpecification() {
        assertEquals(9.8, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
        assertEquals(7.5, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"));
        assertEquals(6.5, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N"));
        assertEquals(10.0, Cvss3.baseScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"));
        assertEquals(6.1, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), "the classic reflected XSS");
        assertEquals(0.0, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"));
        assertNull(Cvss3.baseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P"), "CVSS v2 is not v3");
        assertNull(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L"));
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

    /** A UOS advisory typed in as YAML (no bulk feed; fields as on the UTSA advisory pages). */
    static final String UOS_YAML = """
            origin: https://src.uniontech.com/#/security_advisory
            licence: 统信软件安全公告（公开）
            advisories:
              - id: UTSA-2024-000123
                stream: uos:20
                severity: 高危
                cvss3: 8.1
                cves: [CVE-2024-6387]
                packages:
                  - {name: openssh, kind: source, fixed: "1:7.9p1-10+deb10u2+uos3"}
              - id: UTSA-2024-000124
                stream: uos:20
                status: will_not_fix
                cves: [CVE-2016-20012]
                packages:
                  - {name: openssh}
            """;

    @Test
    void yamlAdvisoriesBringUosOneRecordPerPackage(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("uos-20.yaml"), UOS_YAML);
        Bundle b = BundleBuilder.build(tmp, NOW);
        VulnRecord fixed = b.records().stream().filter(r -> r.cves().equals(List.of("CVE-2024-6387"))).findFirst()
                .orElseThrow();
        assertEquals("uos:20", fixed.stream());
        assertEquals("openssh", fixed.pkg());
        assertEquals(VulnRecord.SOURCE_PACKAGE, fixed.kind());
        assertEquals("1:7.9p1-10+deb10u2+uos3", fixed.fixedVersion());
        assertEquals(VulnRecord.Status.fixed, fixed.status());
        assertEquals(List.of("UTSA-2024-000123"), fixed.advisories());
        assertEquals("高危", fixed.severity());
        assertEquals(8.1, fixed.cvss3());
        VulnRecord wontfix = b.records().stream().filter(r -> r.cves().equals(List.of("CVE-2016-20012"))).findFirst()
                .orElseThrow();
        assertEquals(VulnRecord.Status.will_not_fix, wontfix.status());
        assertNull(wontfix.fixedVersion());
        FeedSource s = b.sources().get(0);
        assertEquals("advisories:uos-20", s.name());
        assertEquals("https://src.uniontech.com/#/security_advisory", s.originUrl());
        assertEquals(2, s.records());
        Files.writeString(tmp.resolve("uos-20.yaml"), UOS_YAML.replace("[CVE-2016-20012]", "[]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BundleBuilder.build(tmp, NOW)).getMessage()
                .contains("第 2 条公告 UTSA-2024-000124"));
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
