package cn.dengbao.sentinel.probes.pam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PamProbeTest {
    @TempDir
    Path root;

    private static PamStack stack(Facts f, String service) {
        return f.getPam().getStacksList().stream().filter(s -> s.getService().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void parsesBracketsContinuationsCommentsAndDashedLines() {
        List<PamLineParser.Line> lines = PamLineParser.parse(String.join("\n",
                "# comment",
                "auth    [success=1 default=ignore]   /lib/x86_64-linux-gnu/security/pam_unix.so nullok # trailing",
                "auth required pam_faillock.so \\",
                "    preauth silent deny=5 \\",
                "    unlock_time=900",
                "-session optional pam_systemd.so",
                "session required pam_exec.so [query=a b \\] c] quiet",
                "account Required pam_unix.so",
                "bogus required pam_x.so",
                "auth required",
                ""));
        assertEquals(7, lines.size());
        PamLineParser.Line unix = lines.get(0);
        assertEquals("[success=1 default=ignore]", unix.control());
        assertEquals("pam_unix", unix.module());
        assertEquals(List.of("nullok"), unix.args());
        assertEquals(2, unix.number());
        PamLineParser.Line fl = lines.get(1);
        assertEquals(List.of("preauth", "silent", "deny=5", "unlock_time=900"), fl.args());
        assertEquals(3, fl.number());
        assertTrue(lines.get(2).dashed());
        assertEquals("session", lines.get(2).type());
        assertEquals(List.of("query=a b ] c", "quiet"), lines.get(3).args());
        assertEquals("required", lines.get(4).control());
        assertEquals(PamLineParser.Kind.MALFORMED, lines.get(5).kind());
        assertEquals(PamLineParser.Kind.MALFORMED, lines.get(6).kind());
    }

    @Test
    void commentsNeverSwallowTheNextLineAndSkipInsideContinuations() {
        List<PamLineParser.Line> lines = PamLineParser.parse(String.join("\n",
                "# a note ending in a backslash \\",
                "auth required pam_faillock.so deny=3",
                "auth required pam_env.so # comment \\",
                "auth required pam_deny.so",
                "auth sufficient pam_unix.so \\  ",
                "# a comment inside a continuation is skipped, as libpam does",
                "    nullok",
                ""));
        assertEquals(List.of("pam_faillock", "pam_env", "pam_deny", "pam_unix"),
                lines.stream().map(PamLineParser.Line::module).toList());
        assertEquals(List.of("nullok"), lines.get(3).args());
        assertEquals(List.of(), lines.get(1).args());
    }

    @Test
    void expandsIncludeSubstackAndAtIncludeInOrderWithTypeFilter() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/pam.d/system-auth", String.join("\n",
                        "auth required pam_env.so",
                        "auth required pam_faillock.so preauth silent deny=3",
                        "auth sufficient pam_unix.so",
                        "account required pam_unix.so",
                        "password requisite pam_pwquality.so minlen=12",
                        "session optional pam_keyinit.so",
                        ""))
                .file("/etc/pam.d/password-auth", "auth substack system-auth\nauth include postlogin\n")
                .file("/etc/pam.d/postlogin", "session optional pam_lastlog.so\nauth optional pam_echo.so\n")
                .file("/etc/pam.d/sshd", String.join("\n",
                        "auth required pam_sepermit.so",
                        "auth include password-auth",
                        "account include system-auth",
                        "@include common-x",
                        "session required pam_loginuid.so",
                        ""))
                .file("/etc/pam.d/common-x", "session optional pam_motd.so\n");
        Facts f = new TestHost(rb).collect(new PamProbe());
        PamStack sshd = stack(f, "sshd");
        List<String> modules = sshd.getEntriesList().stream().map(e -> e.getType() + ":" + e.getModule()).toList();
        assertEquals(List.of("auth:pam_sepermit", "auth:pam_env", "auth:pam_faillock", "auth:pam_unix", "auth:pam_echo",
                "account:pam_unix", "session:pam_motd", "session:pam_loginuid"), modules);
        PamEntry faillock = sshd.getEntries(2);
        assertEquals("password-auth", faillock.getIncludedFrom(), "the stack that included system-auth");
        assertEquals("/etc/pam.d/system-auth", faillock.getSource().getPath());
        assertEquals(2, faillock.getSource().getLine());
        assertEquals("3", faillock.getOptionsOrThrow("deny"));
        assertEquals("", faillock.getOptionsOrThrow("preauth"));
        assertEquals("", sshd.getEntries(0).getIncludedFrom());
        assertEquals("password-auth", sshd.getEntries(4).getIncludedFrom());
        assertEquals("/etc/pam.d/postlogin", sshd.getEntries(4).getSource().getPath());
        assertEquals("sshd", sshd.getEntries(6).getIncludedFrom());
        assertEquals(0, f.getCollectionErrorsCount());
    }

    @Test
    void authselectSymlinksAreFollowedInsideTheRoot() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/authselect/system-auth", "auth required pam_faillock.so preauth silent\nauth sufficient pam_unix.so\n")
                .link("/etc/pam.d/system-auth", "/etc/authselect/system-auth")
                .link("/etc/pam.d/password-auth", "../authselect/system-auth");
        Facts f = new TestHost(rb).collect(new PamProbe());
        assertEquals("pam_faillock", stack(f, "system-auth").getEntries(0).getModule());
        assertEquals("pam_faillock", stack(f, "password-auth").getEntries(0).getModule());
        assertEquals("/etc/pam.d/system-auth", stack(f, "system-auth").getEntries(0).getSource().getPath());
    }

    @Test
    void cyclesStopWithAnError() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/pam.d/login", "auth include su\nauth required pam_nologin.so\n")
                .file("/etc/pam.d/su", "auth include login\nauth sufficient pam_rootok.so\n");
        Facts f = new TestHost(rb).collect(new PamProbe());
        PamStack login = stack(f, "login");
        assertEquals(List.of("pam_rootok", "pam_nologin"), login.getEntriesList().stream().map(PamEntry::getModule).toList());
        assertTrue(f.getCollectionErrorsList().stream().anyMatch(e -> e.getFact().equals("pam.login")
                && e.getKind() == ErrorKind.MALFORMED && e.getDetail().contains("cycle")));
    }

    @Test
    void debian12StacksAndMissingDirectory() {
        Facts f = new TestHost(new TestRoot(root).debian12()).collect(new PamProbe());
        PamStack auth = stack(f, "common-auth");
        assertEquals("[success=1 default=ignore]", auth.getEntries(0).getControl());
        assertEquals("pam_unix", auth.getEntries(0).getModule());
        assertFalse(f.getPam().getStacksList().stream().anyMatch(s -> s.getService().equals("system-auth")));
        PamStack sshd = stack(f, "sshd");
        assertTrue(sshd.getEntriesList().stream().anyMatch(e -> e.getModule().equals("pam_selinux")
                && e.getControl().equals("[success=ok ignore=ignore module_unknown=ignore default=bad]")));
        assertEquals(0, f.getCollectionErrorsCount());

        Facts none = new TestHost(new TestRoot(root.resolve("empty")).dir("/etc")).collect(new PamProbe());
        assertEquals("pam", none.getCollectionErrors(0).getFact());
        assertEquals(ErrorKind.NOT_FOUND, none.getCollectionErrors(0).getKind());
    }
}
