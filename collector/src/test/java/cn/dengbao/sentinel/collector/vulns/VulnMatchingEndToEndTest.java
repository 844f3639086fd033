package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.probes.packages.RpmOutput;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 end to end: the vendors' real samples built into a signed bundle, imported into a real store, and hosts
 * (Debian roots read by the real probes, an openEuler host from the real rpm query parser) judged by the collector's
 * evaluator: the expected CVEs, the three states, the guide's risks, and CentOS 7's end of life.
 */
class VulnMatchingEndToEndTest {
    @TempDir
    Path tmp;

    private Store store;

    /** DSA-5532-1 (openssl, CVE-2023-5363, CVSS 7.5) and DSA-5586-1 (openssh, Terrapin), as an advisory CSV. */
    static final String DEBIAN12_CSV = """
            # origin: https://security-tracker.debian.org/tracker/DSA-5532-1
            # licence: Debian security tracker data (public)
            stream,package,package_kind,fixed_version,status,advisory,cves,severity,cvss3
            debian:12,openssl,source,3.0.11-1~deb12u2,fixed,DSA-5532-1,CVE-2023-5363,high,7.5
            debian:12,openssh,source,1:9.2p1-2+deb12u2,fixed,DSA-5586-1,CVE-2023-48795,,5.9
            """;

    @BeforeEach
    void importBundle() throws Exception {
        Path feeds = VulnSamples.feedDir(tmp.resolve("feeds"), "debian/tracker-api-advisory.json",
                "openeuler/csaf-openeuler-sa-2025-1351.json", "cisa-kev.json");
        Files.writeString(feeds.resolve("debian12.csv"), DEBIAN12_CSV);
        Files.writeString(feeds.resolve("kylin.csv"), BundleBuilderTest.KYLIN_CSV);
        store = ImportedFeeds.importInto(tmp, feeds);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Evaluation evaluate(String host, Facts facts, String... attrs) throws Exception {
        return ImportedFeeds.evaluate(store, host, facts, attrs);
    }

    private static Finding finding(Evaluation ev, String rule) {
        return ImportedFeeds.finding(ev, rule);
    }

    private static Status clause(Evaluation ev) {
        return ev.getClausesList().stream().filter(c -> c.getClause().equals("8.1.4.4e")).map(ClauseResult::getStatus)
                .findFirst().orElseThrow();
    }

    private Facts debianRoot(String name, String osRelease, String dpkgStatus) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name));
        new TestRoot(root).debian12().file("/etc/os-release", osRelease).file("/var/lib/dpkg/status", dpkgStatus);
        return new FactsCollector().collect(new RootDirAccess(root), List.of());
    }

    @Test
    void debian12OldOpensslIsAffectedWithAFixAndHighOnAnInternetFacingHost() throws Exception {
        Facts facts = debianRoot("deb12", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
                "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\n"
                        + "Version: 3.0.9-1\n\n"
                        + "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\nSource: openssh\n"
                        + "Version: 1:9.2p1-2+deb12u3\n");
        Evaluation internet = evaluate("web-01", facts, "internet_facing");
        Finding fix = finding(internet, VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, fix.getStatus());
        assertEquals(Risk.HIGH, fix.getRisk());
        assertTrue(fix.getMajorHazard(), "exploitable on an internet-facing host: a 2025 major hazard");
        assertEquals(1, fix.getEvidenceCount(), "openssh 1:9.2p1-2+deb12u3 is past the Terrapin fix: " + fix);
        String row = fix.getEvidence(0).getText();
        assertTrue(row.contains("软件包 openssl（libssl3）") && row.contains("已安装 3.0.9-1")
                && row.contains("修复版本 3.0.11-1~deb12u2") && row.contains("DSA-5532-1") && row.contains("CVE-2023-5363")
                && row.contains("CVSS 7.5") && row.contains("KEV 否"), row);
        assertTrue(fix.getRemediation().contains("apt-get install --only-upgrade libssl3"), fix.getRemediation());
        assertEquals(Status.PASS, finding(internet, VulnFindings.NO_VENDOR_FIX).getStatus());
        assertEquals(Status.PASS, finding(internet, VulnFindings.END_OF_LIFE).getStatus());
        assertTrue(clause(internet) == Status.FAIL || clause(internet) == Status.PARTIAL,
                "8.1.4.4e cannot read 符合 with an affected package: " + clause(internet));

        // internal, not known-exploited: not the guide's exploitable high-risk vulnerability
        Finding internal = finding(evaluate("db-01", facts), VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, internal.getStatus());
        assertEquals(Risk.MEDIUM, internal.getRisk());
        assertFalse(internal.getMajorHazard());
    }

    @Test
    void debian11TrackerSampleGivesAffectedWithoutVendorFix() throws Exception {
        Facts facts = debianRoot("deb11", "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nID=debian\nVERSION_ID=\"11\"\n",
                "Package: 389-ds-base\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.4.4.11-2\n");
        Evaluation ev = evaluate("ldap-01", facts);
        Finding noFix = finding(ev, VulnFindings.NO_VENDOR_FIX);
        assertEquals(Status.FAIL, noFix.getStatus());
        assertTrue(noFix.getEvidence(0).getText().contains("CVE-2016-5416"), noFix.toString());
        assertTrue(noFix.getEvidence(0).getText().contains("修复版本 无（厂商尚未修复）"), noFix.toString());
        // CVE-2016-5405 was fixed in 1.3.5.15-1, older than what is installed
        assertEquals(Status.PASS, finding(ev, VulnFindings.FIX_AVAILABLE).getStatus());
    }

    private static Facts rpmHost(String id, String versionId, String pretty, String rpmQa) {
        return Facts.newBuilder().setOs(OsInfo.newBuilder().setId(id).setVersionId(versionId).setPrettyName(pretty))
                .setPackages(Packages.newBuilder().setManager("rpm").addAllPackages(RpmOutput.parseQa(rpmQa).stream()
                        .map(RpmOutput.Installed::pkg).toList())).build();
    }

    @Test
    void openEulerOldVimIsAffectedEpochOrNot() throws Exception {
        Facts facts = rpmHost("openEuler", "22.03", "openEuler 22.03 (LTS-SP4)",
                "vim-enhanced\t9.0-28.oe2203sp4\tx86_64\t1700000000\tvim-9.0-28.oe2203sp4.src.rpm\t2\n"
                        + "vim-common\t9.0-28.oe2203sp4\tx86_64\t1700000000\tvim-9.0-28.oe2203sp4.src.rpm\t2\n"
                        + "bash\t5.1.8-6.oe2203sp4\tx86_64\t1700000000\tbash-5.1.8-6.oe2203sp4.src.rpm\t(none)\n");
        Finding fix = finding(evaluate("oe-01", facts), VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, fix.getStatus());
        assertEquals(1, fix.getEvidenceCount(), "both vim binaries are one source: " + fix);
        assertTrue(fix.getEvidence(0).getText().contains("软件包 vim（vim-enhanced vim-common）"), fix.toString());
        assertTrue(fix.getEvidence(0).getText().contains("openEuler-SA-2025-1351"), fix.toString());
        assertEquals(Risk.MEDIUM, fix.getRisk(), "CVSS 4.4: not high");
        assertTrue(fix.getRemediation().contains("yum update vim-common vim-enhanced"), fix.getRemediation());

        Facts patched = rpmHost("openEuler", "22.03", "openEuler 22.03 (LTS-SP4)",
                "vim-enhanced\t9.0-33.oe2203sp4\tx86_64\t1700000000\tvim-9.0-33.oe2203sp4.src.rpm\t2\n");
        assertEquals(Status.PASS, finding(evaluate("oe-02", patched), VulnFindings.FIX_AVAILABLE).getStatus());
    }

    @Test
    void knownExploitedOnAnInternalHostIsHighToVerifyUnlessCompensated() throws Exception {
        Facts facts = rpmHost("kylin", "V10", "Kylin Linux Advanced Server V10 (Lance)",
                "git\t2.27.0-8.ky10\tx86_64\t1700000000\tgit-2.27.0-8.ky10.src.rpm\t(none)\n");
        Finding f = finding(evaluate("ky-01", facts), VulnFindings.FIX_AVAILABLE);
        assertEquals(Risk.HIGH, f.getRisk());
        assertTrue(f.getRiskReason().contains("需验证"), f.getRiskReason());
        assertTrue(f.getEvidence(0).getText().contains("KEV 是"), f.toString());
        Finding hids = finding(evaluate("ky-02", facts, "hids"), VulnFindings.FIX_AVAILABLE);
        assertEquals(Risk.MEDIUM, hids.getRisk());
    }

    @Test
    void noFeedForTheStreamIsNotEvaluatedNeverClean() throws Exception {
        Facts ubuntu = rpmHost("ubuntu", "22.04", "Ubuntu 22.04.4 LTS", "bash\t5.1-6ubuntu1\tamd64\t0\n");
        Evaluation ev = evaluate("u-01", ubuntu);
        for (String rule : List.of(VulnFindings.FIX_AVAILABLE, VulnFindings.NO_VENDOR_FIX)) {
            Finding f = finding(ev, rule);
            assertEquals(Status.MANUAL, f.getStatus(), rule);
            assertTrue(f.getMessage().contains("未评估") && f.getMessage().contains("ubuntu:22.04"), f.getMessage());
        }
        assertTrue(clause(ev) != Status.PASS, "8.1.4.4e stays open without data");
    }

    @Test
    void beforeAnyBundleIsImportedEveryHostIsNotEvaluatedAndEndOfLifeIsStillJudged() throws Exception {
        Facts deb = debianRoot("deb12-nobundle", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
                "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.9-1\n");
        Facts centos = rpmHost("centos", "7", "CentOS Linux 7 (Core)",
                "openssh-server\t7.4p1-23.el7_9\tx86_64\t1700000000\topenssh-7.4p1-23.el7_9.src.rpm\t(none)\n");
        try (Store empty = Store.embedded(tmp.resolve("empty"))) {
            assertTrue(empty.vulnFeeds().streams().isEmpty());
            for (Facts f : List.of(deb, centos)) {
                Evaluation ev = Wiring.evaluator(empty).evaluate(f.toBuilder()
                        .setHost(HostInfo.newBuilder().setHostname("h-" + f.getOs().getId())).build());
                for (String rule : List.of(VulnFindings.FIX_AVAILABLE, VulnFindings.NO_VENDOR_FIX)) {
                    Finding v = finding(ev, rule);
                    assertEquals(Status.MANUAL, v.getStatus(), rule);
                    assertTrue(v.getMessage().contains("未评估") && v.getMessage().contains("尚未导入漏洞数据包"),
                            v.getMessage());
                }
                assertTrue(clause(ev) != Status.PASS, "8.1.4.4e is not 符合 without vulnerability data: " + clause(ev));
            }
            Evaluation c7 = Wiring.evaluator(empty).evaluate(centos.toBuilder()
                    .setHost(HostInfo.newBuilder().setHostname("c7")).build());
            assertEquals(Status.FAIL, finding(c7, VulnFindings.END_OF_LIFE).getStatus(), "end of life needs no feed");
            assertEquals(Status.FAIL, clause(c7));
        }
    }

    @Test
    void aFeedOlderThanTheAllowedAgeIsNotEvaluated() {
        Facts facts = rpmHost("openEuler", "22.03", "openEuler 22.03 (LTS-SP4)",
                "vim-enhanced\t9.0-28.oe2203sp4\tx86_64\t1700000000\tvim-9.0-28.oe2203sp4.src.rpm\t2\n");
        long later = Instant.now().plus(Duration.ofDays(8)).toEpochMilli();
        VulnAssessor stale = new VulnAssessor(store, FeedCoverage.DEFAULT_MAX_AGE, () -> later);
        Evaluation ev = stale.apply(Evaluation.getDefaultInstance(), facts, Map.of());
        Finding f = finding(ev, VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.MANUAL, f.getStatus());
        assertTrue(f.getMessage().contains("超过有效期 7 天"), f.getMessage());
    }

    @Test
    void centos7IsEndOfLifeHighWhenInternetFacingAndNotEvaluatedWithoutCentosData() throws Exception {
        Facts facts = rpmHost("centos", "7", "CentOS Linux 7 (Core)",
                "openssh-server\t7.4p1-23.el7_9\tx86_64\t1700000000\topenssh-7.4p1-23.el7_9.src.rpm\t(none)\n");
        Evaluation ev = evaluate("c7-01", facts, "internet_facing");
        Finding eol = finding(ev, VulnFindings.END_OF_LIFE);
        assertEquals(Status.FAIL, eol.getStatus());
        assertEquals(Risk.HIGH, eol.getRisk());
        assertTrue(eol.getMessage().contains("2024-06-30"), eol.getMessage());
        assertEquals(Risk.MEDIUM, finding(evaluate("c7-02", facts), VulnFindings.END_OF_LIFE).getRisk());
        assertEquals(Status.MANUAL, finding(ev, VulnFindings.FIX_AVAILABLE).getStatus(),
                "RHEL 7 data is not used for CentOS 7");
        assertEquals(Status.FAIL, clause(ev));
    }
}
