package cn.dengbao.sentinel.probes.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Service;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesProbeTest {
    @TempDir
    Path dir;

    static Optional<Service> find(Facts f, String manager, String name) {
        return f.getServices().getServicesList().stream()
                .filter(s -> s.getManager().equals(manager) && s.getName().equals(name)).findFirst();
    }

    @Test
    void systemdEnabledMaskedSysvInetdXinetd() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n");
        a.files().file("/lib/systemd/system/telnet.socket", "[Socket]\n");
        a.files().file("/lib/systemd/system/rpcbind.service", "[Service]\n");
        a.files().dir("/lib/systemd/systemd");
        a.files().link("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        a.files().link("/etc/systemd/system/sockets.target.wants/telnet.socket", "/lib/systemd/system/telnet.socket");
        a.files().link("/etc/systemd/system/multi-user.target.wants/rpcbind.service", "/lib/systemd/system/rpcbind.service");
        // rpcbind is linked but masked: not enabled
        a.files().link("/etc/systemd/system/rpcbind.service", "/dev/null");
        a.files().link("/etc/systemd/system/cups.service", "/dev/null");
        a.files().file("/etc/init.d/vsftpd", "#!/bin/sh\n");
        a.files().link("/etc/rc3.d/S55vsftpd", "../init.d/vsftpd");
        a.files().link("/etc/rc3.d/K10nfs", "../init.d/nfs");
        // an init script shadowed by a native unit is ignored by systemd
        a.files().link("/etc/rc3.d/S01ssh", "../init.d/ssh");
        a.files().file("/etc/inetd.conf", "# comment\n#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n"
                + "ftp stream tcp nowait root /usr/sbin/tcpd in.ftpd\n");
        a.files().file("/etc/xinetd.d/rsh", "# default: off\nservice shell\n{\n\tsocket_type = stream\n\tdisable\t= no\n}\n");
        a.files().file("/etc/xinetd.d/tftp", "service tftp\n{\n\tdisable = yes\n}\n");
        a.files().file("/etc/xinetd.d/rexec", "service exec\n{\n\tserver = /usr/sbin/in.rexecd\n}\n");

        Facts f = a.collect(new ServicesProbe());
        assertEquals("systemd", f.getServices().getInitSystem());
        Service ssh = find(f, "systemd", "ssh").orElseThrow();
        assertTrue(ssh.getEnabled());
        assertFalse(ssh.getActive());
        assertTrue(ssh.getSource().getPath().endsWith("multi-user.target.wants/ssh.service"));
        assertTrue(find(f, "systemd", "telnet.socket").orElseThrow().getEnabled());
        assertFalse(find(f, "systemd", "rpcbind").orElseThrow().getEnabled());
        assertFalse(find(f, "systemd", "cups").orElseThrow().getEnabled());
        assertTrue(find(f, "sysv", "vsftpd").orElseThrow().getEnabled());
        assertTrue(find(f, "sysv", "nfs").isEmpty());
        assertTrue(find(f, "sysv", "ssh").isEmpty());
        assertTrue(find(f, "inetd", "telnet").isEmpty(), "commented inetd line");
        Service ftp = find(f, "inetd", "ftp").orElseThrow();
        assertEquals(3, ftp.getSource().getLine());
        Service shell = find(f, "xinetd", "shell").orElseThrow();
        assertTrue(shell.getEnabled());
        assertEquals(5, shell.getSource().getLine());
        assertFalse(find(f, "xinetd", "tftp").orElseThrow().getEnabled());
        assertTrue(find(f, "xinetd", "exec").orElseThrow().getEnabled(), "no disable line means enabled");
        assertEquals(0, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
    }

    @Test
    void emptyUnitFileCountsAsMasked() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/lib/systemd/system/avahi-daemon.service", "[Service]\n");
        a.files().link("/etc/systemd/system/multi-user.target.wants/avahi-daemon.service", "/lib/systemd/system/avahi-daemon.service");
        a.files().file("/etc/systemd/system/avahi-daemon.service", "");
        Facts f = a.collect(new ServicesProbe());
        assertFalse(find(f, "systemd", "avahi-daemon").orElseThrow().getEnabled());
    }

    @Test
    void liveAddsActiveUnits() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().dir("/run/systemd/system");
        a.files().link("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        a.command(FixedCommand.SYSTEMCTL_ACTIVE, 0, """
                ssh.service                 loaded active running OpenBSD Secure Shell server
                systemd-journald.service    loaded active running Journal Service
                """);
        Facts f = a.collect(new ServicesProbe());
        assertTrue(find(f, "systemd", "ssh").orElseThrow().getActive());
        Service j = find(f, "systemd", "systemd-journald").orElseThrow();
        assertTrue(j.getActive());
        assertFalse(j.getEnabled());
    }

    @Test
    void sysvOnlyHost() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/inittab", "id:3:initdefault:\n");
        a.files().link("/etc/rc.d/rc3.d/S10network", "../init.d/network");
        Facts f = a.collect(new ServicesProbe());
        assertEquals("sysvinit", f.getServices().getInitSystem());
        assertTrue(find(f, "sysv", "network").isPresent());
    }
}
