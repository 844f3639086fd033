package cn.dengbao.sentinel.probes.sudoers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.SudoRule;
import cn.dengbao.sentinel.proto.Sudoers;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SudoersProbeTest {
    @TempDir
    Path root;

    @Test
    void rulesDefaultsAliasesAndIncludes() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/sudoers", String.join("\n",
                        "# comment ALL=(ALL) ALL",
                        "Defaults\tenv_reset",
                        "Defaults:alice !requiretty",
                        "User_Alias ADMINS = alice, \\",
                        "    bob",
                        "root ALL=(ALL:ALL) ALL",
                        "%wheel  ALL=(ALL)  NOPASSWD: ALL  # everything",
                        "ADMINS ALL = (root) /usr/bin/systemctl restart nginx, /usr/bin/journalctl",
                        "#1000 ALL=(ALL) ALL",
                        "#includedir /etc/sudoers.d",
                        "@include extra",
                        ""))
                .file("/etc/sudoers.d/ops", "ops ALL=(ALL) NOPASSWD: /usr/bin/apt\n")
                .file("/etc/sudoers.d/README", "everyone ALL=(ALL) NOPASSWD: ALL\n")
                .file("/etc/sudoers.d/ops.bak", "everyone ALL=(ALL) NOPASSWD: ALL\n")
                .file("/etc/sudoers.d/ops~", "everyone ALL=(ALL) NOPASSWD: ALL\n")
                .file("/etc/extra", "deploy web1, web2 = (www-data) NOPASSWD: /usr/bin/rsync, PASSWD: ALL\n");
        Facts f = new TestHost(rb).collect(new SudoersProbe());
        Sudoers s = f.getSudoers();
        assertTrue(s.getPresent());
        assertEquals(List.of("/etc/sudoers", "/etc/sudoers.d/README", "/etc/sudoers.d/ops", "/etc/extra"), s.getFilesList());
        List<String> principals = s.getRulesList().stream().map(SudoRule::getPrincipal).toList();
        assertEquals(List.of("root", "%wheel", "ADMINS", "#1000", "everyone", "ops", "deploy"), principals);
        SudoRule wheel = s.getRules(1);
        assertTrue(wheel.getNopasswd());
        assertTrue(wheel.getAllCommands());
        assertEquals("ALL", wheel.getRunas());
        assertEquals("ALL", wheel.getCommands());
        assertEquals(7, wheel.getSource().getLine());
        SudoRule root = s.getRules(0);
        assertFalse(root.getNopasswd());
        assertTrue(root.getAllCommands());
        assertEquals("ALL:ALL", root.getRunas());
        SudoRule admins = s.getRules(2);
        assertFalse(admins.getAllCommands());
        assertEquals("root", admins.getRunas());
        assertEquals("/usr/bin/systemctl restart nginx, /usr/bin/journalctl", admins.getCommands());
        SudoRule deploy = s.getRules(6);
        assertEquals("web1, web2", deploy.getHosts());
        assertTrue(deploy.getNopasswd());
        assertTrue(deploy.getAllCommands());
        assertEquals("/etc/extra", deploy.getSource().getPath());
        assertEquals(List.of("Defaults", "Defaults:alice", "User_Alias"), s.getDefaultsList().stream().map(d -> d.getKey()).toList());
        assertEquals("ADMINS = alice,      bob", s.getDefaults(2).getValue());
        assertEquals(0, f.getCollectionErrorsCount());
    }

    @Test
    void aCommentEndingInBackslashDoesNotHideTheNextGrant() {
        TestRoot rb = new TestRoot(root).file("/etc/sudoers",
                "# harmless note \\\n%wheel ALL=(ALL) NOPASSWD: ALL\nalice ALL=(ALL) /bin/ls, \\\n    /bin/cat # tail \\\nbob ALL=(ALL) ALL\n");
        Sudoers s = new TestHost(rb).collect(new SudoersProbe()).getSudoers();
        assertEquals(List.of("%wheel", "alice", "bob"), s.getRulesList().stream().map(SudoRule::getPrincipal).toList());
        assertTrue(s.getRules(0).getNopasswd());
        assertEquals("/bin/ls,      /bin/cat", s.getRules(1).getCommands());
    }

    /** issue 16: "Defaults !authenticate" makes every grant password-less, wherever it stands; PASSWD: restores it. */
    @Test
    void defaultsNotAuthenticateMakesGrantsPasswordless() {
        // Debian 12's /etc/sudoers plus a drop-in that switches authentication off for everybody
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/sudoers.d/zz-noauth", "Defaults\t!authenticate\nauditor ALL=(ALL) PASSWD: /usr/bin/journalctl\n");
        Sudoers s = new TestHost(rb).collect(new SudoersProbe()).getSudoers();
        SudoRule sudo = s.getRulesList().stream().filter(r -> r.getPrincipal().equals("%sudo")).findFirst().orElseThrow();
        assertTrue(sudo.getNopasswd(), "a Defaults line after the grant still applies");
        assertTrue(sudo.getAllCommands());
        assertEquals("/etc/sudoers.d/zz-noauth", sudo.getNopasswdDefaults().getPath());
        assertEquals(1, sudo.getNopasswdDefaults().getLine());
        SudoRule auditor = s.getRulesList().stream().filter(r -> r.getPrincipal().equals("auditor")).findFirst().orElseThrow();
        assertFalse(auditor.getNopasswd(), "an explicit PASSWD: tag overrides the default");

        TestRoot per = new TestRoot(root.resolve("per")).file("/etc/sudoers", "Defaults !authenticate\nDefaults authenticate\n"
                + "Defaults:ops !authenticate\nops ALL=(ALL) ALL\nalice ALL=(ALL) ALL\n");
        Sudoers p = new TestHost(per).collect(new SudoersProbe()).getSudoers();
        assertTrue(p.getRules(0).getNopasswd(), "Defaults:ops reaches ops");
        assertEquals(3, p.getRules(0).getNopasswdDefaults().getLine());
        assertFalse(p.getRules(1).getNopasswd(), "the later global 'authenticate' line wins for alice");
    }

    @Test
    void includeLoopAndMissingFile() {
        TestRoot rb = new TestRoot(root).file("/etc/sudoers", "#include /etc/sudoers\nroot ALL=(ALL) ALL\n");
        Facts f = new TestHost(rb).collect(new SudoersProbe());
        assertEquals(1, f.getSudoers().getRulesCount());
        assertEquals("sudoers", f.getCollectionErrors(0).getFact());
        Facts none = new TestHost(new TestRoot(root.resolve("x")).dir("/etc")).collect(new SudoersProbe());
        assertFalse(none.getSudoers().getPresent());
        assertEquals(0, none.getCollectionErrorsCount());
    }

    @Test
    void debian12() {
        Sudoers s = new TestHost(new TestRoot(root).debian12()).collect(new SudoersProbe()).getSudoers();
        assertEquals(2, s.getRulesCount());
        assertEquals("%sudo", s.getRules(1).getPrincipal());
        assertEquals(4, s.getDefaultsCount());
    }
}
