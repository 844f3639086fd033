package cn.dengbao.sentinel.probes.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Mac;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacProbeTest {
    @TempDir
    Path dir;

    @Test
    void selinuxConfigOfflineAndLive() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/selinux/config", "# This file controls the state of SELinux\nSELINUX=enforcing\nSELINUXTYPE=targeted\n");
        Mac m = a.collect(new MacProbe()).getMac();
        assertTrue(m.getSelinuxPresent());
        assertEquals("enforcing", m.getSelinuxConfigMode());
        assertEquals("targeted", m.getSelinuxConfigType());
        assertEquals("", m.getSelinuxCurrentMode(), "offline: running mode unknown");
        assertEquals(2, m.getSource().getLine());

        TestHost live = new TestHost(new TestRoot(dir), AccessMode.SSH);
        live.files().file("/sys/fs/selinux/enforce", "0");
        assertEquals("permissive", live.collect(new MacProbe()).getMac().getSelinuxCurrentMode());
    }

    @Test
    void selinuxConfiguredButNotMountedLiveIsDisabled() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().file("/etc/selinux/config", "SELINUX=disabled\n");
        assertEquals("disabled", a.collect(new MacProbe()).getMac().getSelinuxCurrentMode());
    }

    @Test
    void apparmorProfilesOffline() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/var/lib/dpkg/status", "Package: apparmor\nStatus: install ok installed\nVersion: 3.0.8-3\n\n");
        a.files().file("/etc/apparmor.d/usr.sbin.ntpd", "/usr/sbin/ntpd {\n  #include <abstractions/base>\n}\n");
        a.files().file("/etc/apparmor.d/usr.bin.man", "profile man /usr/bin/man flags=(attach_disconnected,complain) {\n}\n");
        a.files().file("/etc/apparmor.d/usr.sbin.cupsd", "/usr/sbin/cupsd {\n}\n");
        a.files().link("/etc/apparmor.d/disable/usr.sbin.cupsd", "/etc/apparmor.d/usr.sbin.cupsd");
        a.files().file("/etc/apparmor.d/abstractions/base", "  /etc/ld.so.cache r,\n");
        Mac m = a.collect(new MacProbe()).getMac();
        assertTrue(m.getApparmorPresent());
        assertTrue(m.getApparmorEnabled());
        assertEquals(1, m.getApparmorProfilesEnforce());
        assertEquals(1, m.getApparmorProfilesComplain());
    }

    @Test
    void apparmorLiveFromModuleAndAaStatus() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().file("/sys/module/apparmor/parameters/enabled", "Y\n");
        a.command(FixedCommand.AA_STATUS, 0, "apparmor module is loaded.\n34 profiles are loaded.\n31 profiles are in enforce mode.\n   /usr/bin/man\n3 profiles are in complain mode.\n");
        Mac m = a.collect(new MacProbe()).getMac();
        assertTrue(m.getApparmorEnabled());
        assertEquals(31, m.getApparmorProfilesEnforce());
        assertEquals(3, m.getApparmorProfilesComplain());
        assertFalse(m.getSelinuxPresent());
    }
}
