package cn.dengbao.sentinel.probes.lockout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.LoginLockout;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginLockoutProbeTest {
    @TempDir
    Path root;

    @Test
    void debian12HasNoLockout() {
        LoginLockout l = new TestHost(new TestRoot(root).debian12()).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("", l.getModule());
        assertEquals(0, l.getEffectiveCount());
        assertFalse(l.getFaillockConfPresent());
    }

    @Test
    void faillockConfIsTheBaseArgumentsOverrideAndDefaultsAreMarked() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/security/faillock.conf", "# deny = 3\nunlock_time = 900\neven_deny_root\nfail_interval=600\n")
                .file("/etc/pam.d/system-auth", String.join("\n",
                        "auth required pam_env.so",
                        "auth required pam_faillock.so preauth silent",
                        "auth sufficient pam_unix.so",
                        "auth [default=die] pam_faillock.so authfail unlock_time=1200",
                        ""))
                .file("/etc/pam.d/password-auth", "auth include system-auth\n");
        LoginLockout l = new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("pam_faillock", l.getModule());
        assertTrue(l.getFaillockConfPresent());
        assertEquals(List.of("system-auth", "password-auth"), l.getStacksList());
        assertEquals("3", l.getEffectiveOrThrow("deny").getValue());
        assertTrue(l.getEffectiveOrThrow("deny").getSource().getExcerpt().contains("模块默认值"));
        assertEquals("1200", l.getEffectiveOrThrow("unlock_time").getValue());
        assertEquals(4, l.getEffectiveOrThrow("unlock_time").getSource().getLine());
        assertEquals("1", l.getEffectiveOrThrow("even_deny_root").getValue());
        assertEquals("/etc/security/faillock.conf", l.getEffectiveOrThrow("even_deny_root").getSource().getPath());
        assertEquals("600", l.getEffectiveOrThrow("fail_interval").getValue());
    }

    @Test
    void tally2OnDebianCommonAuth() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/pam.d/common-auth", "auth required pam_tally2.so onerr=fail deny=5 unlock_time=300 even_deny_root\n"
                        + "auth [success=1 default=ignore] pam_unix.so nullok\n");
        LoginLockout l = new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("pam_tally2", l.getModule());
        assertEquals("5", l.getEffectiveOrThrow("deny").getValue());
        assertEquals("300", l.getEffectiveOrThrow("unlock_time").getValue());
        assertFalse(l.containsEffective("fail_interval"), "no invented defaults for pam_tally2");
    }
}
