package cn.dengbao.sentinel.probes.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsProbeTest {
    @TempDir
    Path dir;

    private Facts collect(String osRelease) throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/os-release", osRelease);
        a.files().file("/boot/vmlinuz-5.10.0-99-amd64", "x");
        return a.collect(new OsProbe());
    }

    @Test
    void kylinV10ServerIsRhelLike() throws Exception {
        Facts f = collect("""
                NAME="Kylin Linux Advanced Server"
                VERSION="V10 (Sword)"
                ID="kylin"
                VERSION_ID="V10"
                PRETTY_NAME="Kylin Linux Advanced Server V10 (Sword)"
                ANSI_COLOR="0;31"
                """);
        assertEquals("kylin", f.getOs().getId());
        assertEquals("V10", f.getOs().getVersionId());
        assertEquals(OsFamily.RHEL, f.getOs().getFamily());
        assertEquals("Kylin Linux Advanced Server V10 (Sword)", f.getOs().getPrettyName());
        assertEquals(3, f.getOs().getSource().getLine());
        assertEquals("/etc/os-release", f.getOs().getSource().getPath());
        // offline: the newest /boot kernel is not the running kernel
        assertEquals("", f.getOs().getKernelRelease());
    }

    @Test
    void ubuntuKylinFollowsIdLike() throws Exception {
        Facts f = collect("NAME=\"Ubuntu Kylin\"\nID=ubuntukylin\nID_LIKE='ubuntu debian'\nVERSION_ID=\"22.04\"\n");
        assertEquals(OsFamily.DEBIAN, f.getOs().getFamily());
        assertEquals(List.of("ubuntu", "debian"), f.getOs().getIdLikeList());
        Facts g = collect("ID=kylin\nID_LIKE=\"debian\"\n");
        assertEquals(OsFamily.DEBIAN, g.getOs().getFamily());
    }

    @Test
    void uosOpenEulerAnolisAndComments() throws Exception {
        assertEquals(OsFamily.DEBIAN, collect("# UnionTech\nPRETTY_NAME=\"UnionTech OS Server 20\"\nNAME=\"UnionTech OS Server 20\"\nVERSION_ID=\"20\"\nID=uos\nHOME_URL=\"https://www.chinauos.com/\"\n").getOs().getFamily());
        Facts oe = collect("NAME=\"openEuler\"\nVERSION=\"22.03 (LTS-SP3)\"\nID=\"openEuler\"\nVERSION_ID=\"22.03\"\nPRETTY_NAME=\"openEuler 22.03 (LTS-SP3)\"\n");
        assertEquals("openEuler", oe.getOs().getId());
        assertEquals(OsFamily.RHEL, oe.getOs().getFamily());
        Facts an = collect("NAME=\"Anolis OS\"\nVERSION=\"8.8\"\nID=\"anolis\"\nID_LIKE=\"rhel fedora centos\"\nVERSION_ID=\"8.8\"\nPRETTY_NAME=\"Anolis OS 8.8\"\n");
        assertEquals(OsFamily.RHEL, an.getOs().getFamily());
        assertEquals("Anolis OS 8.8", an.getOs().getPrettyName());
        assertEquals(OsFamily.SUSE, collect("ID=\"sles\"\nVERSION_ID=\"15.5\"\n").getOs().getFamily());
        assertEquals(OsFamily.RHEL, collect("ID=\"ol\"\n").getOs().getFamily());
        assertEquals(OsFamily.OTHER_LINUX, collect("ID=alpine\n").getOs().getFamily());
        assertEquals(OsFamily.RHEL, collect("ID=\"somefork\"\nID_LIKE=\"centos rhel\"\n").getOs().getFamily());
    }

    @Test
    void escapedQuotesAndFallbackFile() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/usr/lib/os-release", "ID=debian\nPRETTY_NAME=\"Debian \\\"x\\\" 12\" # trailing\n");
        Facts f = a.collect(new OsProbe());
        assertEquals("Debian \"x\" 12", f.getOs().getPrettyName());
        assertEquals("/usr/lib/os-release", f.getOs().getSource().getPath());
        assertTrue(f.getCollectionErrorsList().isEmpty());
    }

    @Test
    void absoluteLinkResolvesInsideTheRootNotOnThisMachine() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        // this machine has /usr/lib/os-release and /etc/hostname; the root has neither, so both links must dangle
        a.files().link("/etc/os-release", "/usr/lib/os-release");
        a.files().link("/usr/lib/os-release", "../../../../../etc/hostname");
        Facts f = a.collect(new OsProbe());
        assertEquals("", f.getOs().getId());
        assertEquals(ErrorKind.NOT_FOUND, f.getCollectionErrors(0).getKind());
    }

    @Test
    void missingOsReleaseIsAnError() {
        Facts f = new TestHost(new TestRoot(dir)).collect(new OsProbe());
        assertEquals(OsFamily.OTHER_LINUX, f.getOs().getFamily());
        assertEquals(1, f.getCollectionErrorsCount());
        assertEquals("os", f.getCollectionErrors(0).getFact());
        assertEquals(ErrorKind.NOT_FOUND, f.getCollectionErrors(0).getKind());
    }

    @Test
    void liveModeReportsRunningKernelAndCmdline() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.LOCAL);
        a.files().file("/etc/os-release", "ID=debian\n");
        a.files().file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro quiet ima_policy=tcb\n");
        Facts f = a.collect(new OsProbe());
        assertFalse(f.getOs().getKernelRelease().isEmpty());
        assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : OsProbe.normalizeArch(System.getProperty("os.arch")), f.getOs().getArch());
        assertTrue(f.getOs().getBootTimeEpochS() > 0);
        assertEquals("BOOT_IMAGE=/vmlinuz ro quiet ima_policy=tcb", f.getOs().getKernelCmdline());
    }
}
