package cn.dengbao.sentinel.probes.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.packages.PackagesProbe;
import cn.dengbao.sentinel.probes.system.ProductCatalog;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.SecuritySoftware;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySoftwareProbeTest {
    @TempDir
    Path dir;

    private static SecurityProduct product(SecuritySoftware s, String name) {
        return s.getProductsList().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void clamavWithSignatureAgeAndAideByPackage() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/var/lib/dpkg/status", "Package: clamav-daemon\nStatus: install ok installed\nVersion: 1.0\n\n"
                + "Package: aide\nStatus: install ok installed\nVersion: 0.18\n\n"
                + "Package: wazuh-agent\nStatus: deinstall ok config-files\nVersion: 4.7\n");
        Path old = a.files().file("/var/lib/clamav/main.cvd", "sig").real("/var/lib/clamav/main.cvd");
        Path fresh = a.files().file("/var/lib/clamav/daily.cld", "sig").real("/var/lib/clamav/daily.cld");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2023-01-01T00:00:00Z")));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.parse("2024-05-01T00:00:00Z")));
        a.files().file("/lib/systemd/system/clamav-daemon.service", "[Service]\n");
        a.files().link("/etc/systemd/system/multi-user.target.wants/clamav-daemon.service", "/lib/systemd/system/clamav-daemon.service");
        SecuritySoftware s = a.collect(new PackagesProbe(), new SecuritySoftwareProbe()).getSecuritySoftware();
        SecurityProduct clam = product(s, "clamav");
        assertEquals("/var/lib/dpkg/status", clam.getSource().getPath());
        assertEquals("package clamav-daemon installed", clam.getSource().getExcerpt());
        assertEquals("antivirus", clam.getKind());
        assertTrue(clam.getInstalled());
        assertTrue(clam.getEnabled());
        assertFalse(clam.getRunning());
        assertEquals(Instant.parse("2024-05-01T00:00:00Z").getEpochSecond(), clam.getSignatureEpochS());
        assertEquals("fim", product(s, "aide").getKind());
        assertTrue(s.getProductsList().stream().noneMatch(p -> p.getName().equals("wazuh-agent")), "deinstalled package");
    }

    @Test
    void chineseCloudAgentByInstallDirRunningLive() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().dir("/usr/local/qcloud/YunJing/YDEyes");
        a.command(FixedCommand.SYSTEMCTL_ACTIVE, 0, "YDService.service loaded active running YDService\n");
        SecuritySoftware s = a.collect(new SecuritySoftwareProbe()).getSecuritySoftware();
        SecurityProduct yj = product(s, "tencent-yunjing");
        assertTrue(yj.getRunning());
        assertEquals("/usr/local/qcloud/YunJing", yj.getSource().getPath());
        assertEquals(1, s.getProductsCount());
    }

    @Test
    void catalogIsDataAndShippedCatalogLoads() throws Exception {
        ProductCatalog shipped = ProductCatalog.resource(SecuritySoftwareProbe.CATALOG);
        assertTrue(shipped.products().size() >= 15);
        assertTrue(shipped.products().stream().allMatch(p -> p.name() != null && p.kind() != null));
        ProductCatalog custom = ProductCatalog.load(new ByteArrayInputStream("""
                products:
                  - name: acme-av
                    kind: antivirus
                    paths: [/opt/acme]
                    signatures: ["/opt/acme/db/*.sig"]
                """.getBytes(StandardCharsets.UTF_8)));
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/opt/acme/db/x.sig", "s");
        SecuritySoftware s = a.collect(new SecuritySoftwareProbe(custom)).getSecuritySoftware();
        assertEquals(List.of("acme-av"), s.getProductsList().stream().map(SecurityProduct::getName).toList());
        assertTrue(s.getProducts(0).getSignatureEpochS() > 0);
    }
}
