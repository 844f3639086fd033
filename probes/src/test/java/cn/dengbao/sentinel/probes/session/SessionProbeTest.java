package cn.dengbao.sentinel.probes.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Session;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionProbeTest {
    @TempDir
    Path root;

    private static List<String> values(List<Setting> s) {
        return s.stream().map(x -> x.getSource().getPath() + ":" + x.getSource().getLine() + "=" + x.getValue()).toList();
    }

    @Test
    void debian12HasNoTimeout() {
        Session s = new TestHost(new TestRoot(root).debian12()).collect(new SessionProbe()).getSession();
        assertEquals(0, s.getTmoutCount());
        assertEquals(0, s.getTmoutReadonlyCount());
        assertEquals(List.of("/etc/login.defs:2=022"), values(s.getUmaskList()));
    }

    /** issue 16: shadow's tools ignore "umask 077" in login.defs; the effective UMASK is the exact UMASK line. */
    @Test
    void loginDefsUmaskIsCaseSensitive() {
        TestRoot rb = new TestRoot(root).debian12().file("/etc/login.defs", "umask 077\nUMASK           022\nUmask 027\n");
        Session s = new TestHost(rb).collect(new SessionProbe()).getSession();
        assertEquals(List.of("/etc/login.defs:2=022"), values(s.getUmaskList()));
        Session only = new TestHost(new TestRoot(root).debian12().file("/etc/login.defs", "umask 077\n")).collect(new SessionProbe())
                .getSession();
        assertEquals(List.of(), values(only.getUmaskList()), "no UMASK line: nothing set");
    }

    @Test
    void commentWithBackslashDoesNotHideTheNextLine() {
        Session s = new TestHost(new TestRoot(root).file("/etc/profile", "# old value \\\nTMOUT=600\n")).collect(new SessionProbe()).getSession();
        assertEquals(List.of("/etc/profile:2=600"), values(s.getTmoutList()));
    }

    @Test
    void tmoutVariantsInLoadOrder() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/profile", String.join("\n",
                        "# TMOUT=1",
                        "   #export TMOUT=2",
                        "TMOUT=600",
                        "readonly TMOUT",
                        "export TMOUT",
                        "umask 027",
                        "if [ -z \"$X\" ]; then TMOUT=\"900\"; fi",
                        "echo '# TMOUT=5'",
                        ""))
                .file("/etc/profile.d/b.sh", "export TMOUT=300\ndeclare -r TMOUT=301\n")
                .file("/etc/profile.d/a.sh", "readonly TMOUT=120 # set by ops\ntypeset -rx TMOUT=121\n")
                .file("/etc/profile.d/c.csh", "set autologout=10\n")
                .file("/etc/profile.d/ignored.txt", "TMOUT=1\n")
                .file("/etc/bashrc", "    umask 022\n")
                .file("/etc/environment", "TMOUT=1800\n");
        Session s = new TestHost(rb).collect(new SessionProbe()).getSession();
        assertEquals(List.of("/etc/profile:3=600", "/etc/profile:7=900", "/etc/profile.d/a.sh:1=120", "/etc/profile.d/a.sh:2=121",
                "/etc/profile.d/b.sh:1=300", "/etc/profile.d/b.sh:2=301", "/etc/environment:1=1800"), values(s.getTmoutList()));
        assertEquals(List.of("/etc/profile:4=", "/etc/profile.d/a.sh:1=120", "/etc/profile.d/a.sh:2=121", "/etc/profile.d/b.sh:2=301"),
                values(s.getTmoutReadonlyList()));
        assertEquals(List.of("/etc/profile:6=027", "/etc/bashrc:1=022"), values(s.getUmaskList()));
        assertEquals(List.of("/etc/profile.d/c.csh:1=10"), values(s.getAutologoutList()));
    }
}
