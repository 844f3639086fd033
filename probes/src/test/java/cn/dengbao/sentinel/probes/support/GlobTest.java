package cn.dengbao.sentinel.probes.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void wildcardsStayWithinOneComponent() {
        assertTrue(Glob.matches("*.conf", "a.conf"));
        assertFalse(Glob.matches("*.conf", "a.conf.bak"));
        assertTrue(Glob.matches("?.rules", "1.rules"));
        assertTrue(Glob.matches("[0-9]*", "42"));
        assertFalse(Glob.matches("[!0-9]*", "42"));
        assertTrue(Glob.matches("a.b", "a.b"));
        assertFalse(Glob.matches("a.b", "axb"), "a dot is literal");
        assertTrue(Glob.matches("[", "["), "an unclosed class is a literal bracket");
    }

    @Test
    void anInvalidClassMatchesNothingInsteadOfFailingTheProbe() {
        assertFalse(Glob.matches("[z-a]", "b"));
        assertFalse(Glob.matches("[z-a]", "[z-a]"));
    }

    @Test
    void pathsMatchComponentByComponent() {
        assertTrue(Glob.matchesPath("/proc/*/status", "/proc/1/status"));
        assertFalse(Glob.matchesPath("/proc/*/status", "/proc/1/task/1/status"), "no '**'");
        assertTrue(Glob.matchesPath("/etc/systemd/system/*.wants/*", "/etc/systemd/system/multi-user.target.wants/ssh.service"));
        assertTrue(Glob.matchesPath("/etc//pam.d/", "/etc/pam.d"));
        assertFalse(Glob.matchesPath("/etc/pam.d/*", "/etc/pam.d"));
        assertEquals(List.of("etc", "pam.d"), Glob.components("//etc/pam.d/"));
    }
}
