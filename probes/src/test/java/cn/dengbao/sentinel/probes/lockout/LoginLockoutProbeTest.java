package cn.dengbao.sentinel.probes.lockout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.RhelPam;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ServiceLockout;
import cn.dengbao.sentinel.proto.LoginLockout;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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

    private static ServiceLockout service(LoginLockout l, String name) {
        return l.getServicesList().stream().filter(s -> s.getService().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void authselectWithFaillockLocksSshdThroughPasswordAuthAndLoginThroughSystemAuth() {
        TestRoot rb = RhelPam.authselect(new TestRoot(root), true, true)
                .file("/etc/security/faillock.conf", "deny = 5\nunlock_time = 900\n");
        TestHost host = new TestHost(rb);
        LoginLockout l = host.collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("pam_faillock", l.getModule());
        ServiceLockout sshd = service(l, "sshd");
        assertEquals("pam_faillock", sshd.getModule());
        assertEquals("sshd → password-auth", sshd.getStack());
        assertEquals("/etc/pam.d/password-auth", sshd.getSource().getPath(), "the link's name, read through the absolute link");
        assertEquals(6, sshd.getSource().getLine());
        assertEquals("5", sshd.getEffectiveOrThrow("deny").getValue());
        assertEquals("login → system-auth", service(l, "login").getStack());
        assertEquals("5", l.getEffectiveOrThrow("deny").getValue());
    }

    @Test
    void faillockInSystemAuthOnlyLeavesSshdWithoutLockout() {
        // the false 符合: authselect's password-auth (sshd's stack) without faillock, system-auth with it
        LoginLockout l = new TestHost(RhelPam.authselect(new TestRoot(root), true, false))
                .collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("", l.getModule(), "the weakest login service decides");
        assertTrue(l.getStacksList().contains("system-auth"));
        ServiceLockout sshd = service(l, "sshd");
        assertEquals("", sshd.getModule());
        assertEquals("/etc/pam.d/sshd、/etc/pam.d/password-auth", sshd.getStack());
        assertTrue(sshd.getReason().contains("pam_faillock"), sshd.getReason());
        assertEquals("pam_faillock", service(l, "login").getModule());
        assertEquals(0, l.getEffectiveCount());
    }

    @Test
    void centos7Tally2InSystemAuthOnlyLeavesSshdWithoutLockout() {
        String tally = "auth        required      pam_tally2.so deny=5 onerr=fail unlock_time=900\n";
        LoginLockout l = new TestHost(RhelPam.centos7(new TestRoot(root), tally, "")).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("", l.getModule());
        assertEquals("", service(l, "sshd").getModule());
        assertEquals("pam_tally2", service(l, "login").getModule());
        assertEquals("login → system-auth", service(l, "login").getStack());
    }

    @Test
    void centos7Tally2InBothStacksLocksBoth() {
        String tally = "auth        required      pam_tally2.so deny=5 onerr=fail unlock_time=900\n";
        LoginLockout l = new TestHost(RhelPam.centos7(new TestRoot(root), tally, tally)).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("pam_tally2", l.getModule());
        assertEquals("sshd → password-auth", service(l, "sshd").getStack());
        assertEquals("/etc/pam.d/password-auth", service(l, "sshd").getSource().getPath());
        assertEquals("5", l.getEffectiveOrThrow("deny").getValue());
        assertEquals("900", l.getEffectiveOrThrow("unlock_time").getValue());
    }

    @Test
    void optionalOnlyFaillockDoesNotLock() {
        TestRoot rb = RhelPam.authselect(new TestRoot(root), true, false)
                .file("/etc/authselect/password-auth", RhelPam.sssdPasswordAuth(false)
                        .replace("auth        required                                     pam_deny.so\n",
                                "auth        optional                                     pam_faillock.so authfail\n"
                                        + "auth        required                                     pam_deny.so\n"));
        LoginLockout l = new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("", service(l, "sshd").getModule());
        assertTrue(service(l, "sshd").getReason().contains("optional"), service(l, "sshd").getReason());
    }

    @Test
    void weakestServiceDecidesTheEffectiveValues() {
        String tally5 = "auth        required      pam_tally2.so deny=5 unlock_time=900\n";
        String tally10 = "auth        required      pam_tally2.so deny=10 unlock_time=900\n";
        LoginLockout l = new TestHost(RhelPam.centos7(new TestRoot(root), tally5, tally10)).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("10", l.getEffectiveOrThrow("deny").getValue());
        assertEquals("/etc/pam.d/password-auth", l.getEffectiveOrThrow("deny").getSource().getPath());
    }

    @Test
    void debian12RealLoginStackThroughCommonAuth() throws IOException {
        String real = System.getenv("SENTINEL_DEBIAN12_ROOT");
        Assumptions.assumeTrue(real != null && Files.isRegularFile(Path.of(real, "etc/pam.d/login")), "no debootstrapped Debian 12 root");
        TestRoot rb = new TestRoot(root);
        for (String f : List.of("login", "common-auth", "common-account", "common-session", "common-password")) {
            rb.file("/etc/pam.d/" + f, Files.readString(Path.of(real, "etc/pam.d", f)));
        }
        LoginLockout before = new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("", service(before, "login").getModule(), "Debian 12 ships no lockout");
        String common = Files.readString(Path.of(real, "etc/pam.d/common-auth"));
        rb.file("/etc/pam.d/common-auth", "auth required pam_faillock.so preauth\n" + common);
        LoginLockout after = new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout();
        assertEquals("pam_faillock", service(after, "login").getModule());
        assertEquals("login → common-auth", service(after, "login").getStack());
        assertEquals(List.of("login"), after.getServicesList().stream().map(ServiceLockout::getService).toList(),
                "no sshd in a debootstrap root: only login is judged");
    }

    @Test
    void dashedFaillockLineCountsOnlyWhenTheModuleIsInstalled() {
        String dashed = RhelPam.sssdPasswordAuth(true).replace("auth        required                                     pam_faillock.so",
                "-auth       required                                     pam_faillock.so");
        TestRoot rb = RhelPam.authselect(new TestRoot(root), true, true).file("/etc/authselect/password-auth", dashed);
        ServiceLockout missing = service(new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout(), "sshd");
        assertEquals("", missing.getModule(), "libpam skips a '-' line whose module is not installed");
        assertTrue(missing.getReason().contains("未安装"), missing.getReason());
        rb.file("/usr/lib64/security/pam_faillock.so", "ELF");
        assertEquals("pam_faillock", service(new TestHost(rb).collect(new LoginLockoutProbe()).getLoginLockout(), "sshd").getModule());
    }
}
