package cn.dengbao.sentinel.probes.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshdProbeTest {
    @TempDir
    Path root;

    private Sshd run(TestRoot rb) {
        return new TestHost(rb).collect(new SshdProbe()).getSshd();
    }

    @Test
    void debian12IncludeFirstMakesDropInsWin() {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/ssh/sshd_config.d/50-cloud.conf", "PasswordAuthentication no\nX11Forwarding no\n")
                .file("/etc/ssh/sshd_config.d/10-first.conf", "passwordauthentication yes\n")
                .file("/etc/ssh/sshd_config.d/README", "PermitRootLogin yes\n");
        Sshd s = run(rb);
        assertTrue(s.getInstalled());
        assertTrue(s.getConfigPresent());
        assertEquals("yes", s.getOptionsOrThrow("passwordauthentication").getValue(), "10-first.conf is read before 50-cloud.conf");
        assertEquals("/etc/ssh/sshd_config.d/10-first.conf", s.getOptionsOrThrow("passwordauthentication").getSource().getPath());
        assertEquals("no", s.getOptionsOrThrow("x11forwarding").getValue(), "the drop-in precedes the main file's X11Forwarding yes");
        assertFalse(s.containsOptions("permitrootlogin"), "README does not match *.conf");
        assertEquals(List.of("/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/10-first.conf", "/etc/ssh/sshd_config.d/50-cloud.conf"),
                s.getConfigFilesList());
        assertEquals("LANG LC_*", s.getOptionsOrThrow("acceptenv").getValue());
    }

    @Test
    void firstValueWinsCaseInsensitivelyAndMultiValuedAccumulate() {
        TestRoot rb = new TestRoot(root).file("/etc/ssh/sshd_config", String.join("\n",
                "# PermitRootLogin yes",
                "PERMITROOTLOGIN no",
                "PermitRootLogin yes",
                "Port 22",
                "port=2222",
                "ListenAddress 10.0.0.1",
                "ListenAddress 192.168.1.1:22",
                "AllowUsers alice bob@10.0.0.*",
                "AllowUsers carol",
                "AllowGroups ops",
                "DenyUsers mallory",
                "DenyGroups guests",
                "Banner \"/etc/issue net\"",
                "MaxAuthTries 4 # trailing comment",
                "ClientAliveInterval 300",
                "Match User backup",
                "  PasswordAuthentication yes",
                "  ClientAliveInterval 0",
                "Match Address 10.0.0.0/8",
                "  PermitRootLogin without-password",
                "  Include /etc/ssh/match.d/*.conf",
                "  AllowTcpForwarding no",
                ""))
                .file("/etc/ssh/match.d/a.conf", "X11Forwarding yes\n");
        Sshd s = run(rb);
        assertEquals("no", s.getOptionsOrThrow("permitrootlogin").getValue());
        assertEquals(2, s.getOptionsOrThrow("permitrootlogin").getSource().getLine());
        assertEquals(List.of("22", "2222"), s.getPortsList().stream().map(Setting::getValue).toList());
        assertEquals(List.of("10.0.0.1", "192.168.1.1:22"), s.getListenAddressesList().stream().map(Setting::getValue).toList());
        assertEquals(List.of("alice bob@10.0.0.*", "carol"), s.getAllowUsersList().stream().map(Setting::getValue).toList());
        assertEquals(1, s.getAllowGroupsCount());
        assertEquals(1, s.getDenyUsersCount());
        assertEquals(1, s.getDenyGroupsCount());
        assertEquals("/etc/issue net", s.getOptionsOrThrow("banner").getValue());
        assertEquals("4", s.getOptionsOrThrow("maxauthtries").getValue());
        assertEquals("300", s.getOptionsOrThrow("clientaliveinterval").getValue(), "Match values do not leak into globals");
        assertFalse(s.containsOptions("passwordauthentication"));
        assertFalse(s.containsOptions("x11forwarding"), "an Include inside a Match belongs to the Match");
        assertEquals(2, s.getMatchBlocksCount());
        assertEquals("User backup", s.getMatchBlocks(0).getCriteria());
        assertEquals("0", s.getMatchBlocks(0).getOptionsOrThrow("clientaliveinterval").getValue());
        assertEquals("Address 10.0.0.0/8", s.getMatchBlocks(1).getCriteria());
        assertEquals("yes", s.getMatchBlocks(1).getOptionsOrThrow("x11forwarding").getValue());
        assertEquals("no", s.getMatchBlocks(1).getOptionsOrThrow("allowtcpforwarding").getValue(), "the Match continues after its Include");
    }

    @Test
    void relativeIncludeAndLoopsAreHandled() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/ssh/sshd_config", "Include extra.conf\nInclude missing/*.conf\nInclude none.conf\nPermitRootLogin no\n")
                .file("/etc/ssh/extra.conf", "MaxAuthTries 3\nInclude /etc/ssh/sshd_config\n");
        Facts f = new TestHost(rb).collect(new SshdProbe());
        Sshd s = f.getSshd();
        assertEquals("3", s.getOptionsOrThrow("maxauthtries").getValue());
        assertEquals("no", s.getOptionsOrThrow("permitrootlogin").getValue());
        assertEquals(1, f.getCollectionErrorsCount());
        assertEquals(ErrorKind.MALFORMED, f.getCollectionErrors(0).getKind());
        assertFalse(s.getInstalled() && !s.getConfigPresent());
    }

    @Test
    void notInstalledIsAFactNotAnError() {
        Facts f = new TestHost(new TestRoot(root).dir("/etc")).collect(new SshdProbe());
        assertFalse(f.getSshd().getInstalled());
        assertEquals(0, f.getCollectionErrorsCount());
        Facts g = new TestHost(new TestRoot(root).file("/usr/sbin/sshd", "")).collect(new SshdProbe());
        assertTrue(g.getSshd().getInstalled());
        assertFalse(g.getSshd().getConfigPresent());
        assertEquals("sshd", g.getCollectionErrors(0).getFact());
    }
}
