package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.probes.packages.RpmOutput;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other vendors' formats end to end: Ubuntu's OSV archive, Anolis OVAL and RHEL 7 CSAF (with CentOS 7 under the
 * end-of-life rule) built into one signed bundle, imported, and hosts of each stream judged by the collector.
 */
class VulnStreamsEndToEndTest {
    @TempDir
    Path tmp;

    private Store store;

    @BeforeEach
    void importBundle() throws Exception {
        Path feeds = VulnSamples.feedDir(tmp.resolve("feeds"), "ubuntu/osv-all.sample.tar.xz",
                "anolis/anolis-23.oval.xml");
        BundleBuilderTest.rhel7(feeds.resolve("redhat"), "cpe:/o:redhat:enterprise_linux:7::server",
                "2023-11-21T15:34:29+00:00");
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

    private static Facts rpmHost(String id, String versionId, String pretty, String rpmQa) {
        return Facts.newBuilder().setOs(OsInfo.newBuilder().setId(id).setVersionId(versionId).setPrettyName(pretty))
                .setPackages(Packages.newBuilder().setManager("rpm").addAllPackages(RpmOutput.parseQa(rpmQa).stream()
                        .map(RpmOutput.Installed::pkg).toList())).build();
    }

    @Test
    void ubuntuHostIsMatchedBySourcePackageAgainstTheOsvArchive() throws Exception {
        Facts facts = Facts.newBuilder().setOs(OsInfo.newBuilder().setId("ubuntu").setVersionId("22.04")
                        .setPrettyName("Ubuntu 22.04.4 LTS"))
                .setPackages(Packages.newBuilder().setManager("dpkg").addPackages(Package.newBuilder()
                        .setName("rabbitmq-server").setVersion("3.9.13-1ubuntu0.22.04.2").setArch("all")
                        .setSourceName("rabbitmq-server").setSourceVersion("3.9.13-1ubuntu0.22.04.2"))).build();
        Finding fix = finding(evaluate("mq-01", facts), VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, fix.getStatus());
        assertEquals(Risk.MEDIUM, fix.getRisk(), "CVSS 6.5, Ubuntu priority medium: not high");
        String row = fix.getEvidence(0).getText();
        assertTrue(row.contains("CVE-2024-51988") && row.contains("修复版本 3.9.27-0ubuntu0.1") && row.contains("CVSS 6.5"),
                row);
        Facts patched = facts.toBuilder().setPackages(Packages.newBuilder().setManager("dpkg").addPackages(
                Package.newBuilder().setName("rabbitmq-server").setVersion("3.9.27-0ubuntu0.1")
                        .setSourceName("rabbitmq-server").setSourceVersion("3.9.27-0ubuntu0.1"))).build();
        assertEquals(Status.PASS, finding(evaluate("mq-02", patched), VulnFindings.FIX_AVAILABLE).getStatus());
    }

    @Test
    void anolisSubPackageBelowTheFixIsAffectedAndHighOnAnInternetFacingHost() throws Exception {
        Facts facts = rpmHost("anolis", "23", "Anolis OS 23",
                "bind-chroot\t9.18.20-1.an23\tx86_64\t1700000000\tbind-9.18.20-1.an23.src.rpm\t32\n"
                        + "bind-libs\t9.18.34-1.an23\tx86_64\t1700000000\tbind-9.18.34-1.an23.src.rpm\t32\n");
        Finding fix = finding(evaluate("dns-01", facts, "internet_facing"), VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, fix.getStatus());
        assertEquals(1, fix.getEvidenceCount(), "bind-libs is at the fix: " + fix);
        String row = fix.getEvidence(0).getText();
        assertTrue(row.contains("软件包 bind-chroot") && row.contains("已安装 32:9.18.20-1.an23")
                && row.contains("修复版本 32:9.18.34-1.an23") && row.contains("ANSA-2025:0186")
                && row.contains("CVE-2024-11187"), row);
        assertEquals(Risk.HIGH, fix.getRisk(), "CVSS 7.5, Important, internet-facing");
        assertTrue(fix.getMajorHazard());
    }

    @Test
    void centos7GetsRhel7FixesPublishedBeforeItsEndOfLife() throws Exception {
        Facts facts = rpmHost("centos", "7", "CentOS Linux 7 (Core)",
                "fence-agents-all\t4.2.1-41.el7_9.5\tx86_64\t1700000000\tfence-agents-4.2.1-41.el7_9.5.src.rpm\t(none)\n");
        Evaluation ev = evaluate("c7-01", facts);
        Finding fix = finding(ev, VulnFindings.FIX_AVAILABLE);
        assertEquals(Status.FAIL, fix.getStatus(), "evaluated with RHEL 7 data under the end-of-life rule: " + fix);
        String row = fix.getEvidence(0).getText();
        assertTrue(row.contains("软件包 fence-agents（fence-agents-all）") && row.contains("RHSA-2023:7435")
                && row.contains("修复版本 0:4.2.1-41.el7_9.12"), row);
        assertTrue(fix.getRemediation().contains("yum update fence-agents-all"), fix.getRemediation());
        assertEquals(Status.FAIL, finding(ev, VulnFindings.END_OF_LIFE).getStatus());
    }
}
