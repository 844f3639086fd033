package cn.dengbao.sentinel.probes.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.RhelPam;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordPolicy;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordPolicyProbeTest {
    @TempDir
    Path root;

    @Test
    void loginDefsLastOccurrenceWinsLikeShadowUtils() {
        Map<String, Setting> defs = LoginDefs.parse("# PASS_MAX_DAYS 1\nPASS_MAX_DAYS 99999\n  pass_min_len 5\nPASS_MAX_DAYS\t90\nENCRYPT_METHOD \"SHA512\"\nEMPTY_KEY\n");
        assertEquals("90", defs.get("PASS_MAX_DAYS").getValue());
        assertEquals(4, defs.get("PASS_MAX_DAYS").getSource().getLine());
        // issue 16: shadow's getdef.c matches names with strcmp, so a lower-case line sets nothing
        assertFalse(defs.containsKey("PASS_MIN_LEN"), "pass_min_len is not PASS_MIN_LEN to shadow-utils");
        assertEquals("SHA512", defs.get("ENCRYPT_METHOD").getValue());
        assertEquals("", defs.get("EMPTY_KEY").getValue());
    }

    @Test
    void debian12HasNoQualityModuleAndNeverExpiringPasswords() {
        Facts f = new TestHost(new TestRoot(root).debian12()).collect(new PasswordPolicyProbe());
        PasswordPolicy p = f.getPasswordPolicy();
        assertTrue(p.getLoginDefsPresent());
        assertEquals("99999", p.getLoginDefsOrThrow("PASS_MAX_DAYS").getValue());
        assertEquals("/etc/login.defs", p.getLoginDefsOrThrow("PASS_MAX_DAYS").getSource().getPath());
        assertEquals("", p.getQualityModule());
        assertEquals("common-password", p.getPasswordStack());
        assertFalse(p.containsEffective("minlen"));
        assertEquals(0, f.getCollectionErrorsCount());
    }

    @Test
    void pwqualityConfThenDropInsThenModuleArguments() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/security/pwquality.conf", "# minlen = 9\nminlen = 10\nminclass=2\n dcredit = -1 # inline\nenforce_for_root\n")
                .file("/etc/security/pwquality.conf.d/10-a.conf", "minclass = 3\nucredit = -1\n")
                .file("/etc/security/pwquality.conf.d/20-b.conf", "minclass = 4\n")
                .file("/etc/security/pwquality.conf.d/30-c.disabled", "minclass = 1\n")
                .file("/etc/pam.d/system-auth", "password requisite pam_pwquality.so try_first_pass local_users_only retry=3 minlen=12\n"
                        + "password sufficient pam_unix.so sha512 shadow remember=3 use_authtok\n")
                .file("/etc/pam.d/password-auth", "password requisite pam_pwquality.so minlen=6\n");
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertFalse(p.getLoginDefsPresent());
        assertEquals("4", p.getPwqualityOrThrow("minclass").getValue());
        assertEquals("/etc/security/pwquality.conf.d/20-b.conf", p.getPwqualityOrThrow("minclass").getSource().getPath());
        assertEquals("-1", p.getPwqualityOrThrow("dcredit").getValue());
        assertEquals("1", p.getPwqualityOrThrow("enforce_for_root").getValue());
        assertEquals("pam_pwquality", p.getQualityModule());
        assertEquals("system-auth", p.getPasswordStack());
        assertEquals("12", p.getEffectiveOrThrow("minlen").getValue(), "module argument overrides the conf file");
        assertEquals("/etc/pam.d/system-auth", p.getEffectiveOrThrow("minlen").getSource().getPath());
        assertEquals("4", p.getEffectiveOrThrow("minclass").getValue());
        assertEquals("3", p.getEffectiveOrThrow("retry").getValue());
        assertEquals("-1", p.getEffectiveOrThrow("ucredit").getValue());
        assertEquals("0", p.getEffectiveOrThrow("ocredit").getValue());
        assertTrue(p.getEffectiveOrThrow("ocredit").getSource().getExcerpt().startsWith("模块默认值"));
        assertEquals("1", p.getEffectiveOrThrow("enforce_for_root").getValue());
        assertEquals("3", p.getEffectiveOrThrow("remember").getValue());
    }

    /** issue 16: libpwquality raises any minlen below 6 to 6, so "minlen = 1" is not a 1-character policy. */
    @Test
    void pwqualityMinlenBelowItsFloorIsSix() {
        // Debian 12 with libpam-pwquality: common-password as pam-auth-update writes it
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/security/pwquality.conf", "# minlen = 8\nminlen = 1\n")
                .file("/etc/pam.d/common-password", "password\trequisite\t\t\tpam_pwquality.so retry=3\n"
                        + "password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt\n"
                        + "password\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n");
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("pam_pwquality", p.getQualityModule());
        assertEquals("1", p.getPwqualityOrThrow("minlen").getValue(), "the file says 1");
        Setting m = p.getEffectiveOrThrow("minlen");
        assertEquals("6", m.getValue(), "what pam_pwquality enforces");
        assertEquals("/etc/security/pwquality.conf", m.getSource().getPath());
        assertEquals(2, m.getSource().getLine());
        assertTrue(m.getSource().getExcerpt().contains("提高到 6"), m.getSource().getExcerpt());
        assertEquals("minlen（配置为 1，pam_pwquality 将小于 6 的 minlen 提高到 6）", m.getKey());
    }

    @Test
    void cracklibDefaultsAndPwhistoryRemember() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/security/pwquality.conf", "minlen = 20\n")
                .file("/etc/pam.d/common-password", "password requisite pam_cracklib.so retry=3 minlen=8 difok=3\n"
                        + "password required pam_pwhistory.so use_authtok\n"
                        + "password [success=1 default=ignore] pam_unix.so obscure use_authtok try_first_pass yescrypt remember=2\n");
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("pam_cracklib", p.getQualityModule());
        assertEquals("8", p.getEffectiveOrThrow("minlen").getValue(), "pwquality.conf does not apply to pam_cracklib");
        assertEquals("1", p.getEffectiveOrThrow("dcredit").getValue());
        assertEquals("10", p.getEffectiveOrThrow("remember").getValue(), "pam_pwhistory default wins over pam_unix");
        rb.file("/etc/security/pwhistory.conf", "remember = 5\n");
        assertEquals("5", new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy().getEffectiveOrThrow("remember").getValue());
    }

    @Test
    void authselectPasswdAndSshdBothThroughPwqualityConf() {
        TestRoot rb = RhelPam.authselect(new TestRoot(root), false, false)
                .file("/etc/security/pwquality.conf", "minlen = 12\nminclass = 3\n");
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("pam_pwquality", p.getQualityModule());
        assertEquals("passwd", p.getPasswordService(), "equal policies: the first service stays");
        assertEquals("system-auth", p.getPasswordStack());
        assertEquals("12", p.getEffectiveOrThrow("minlen").getValue());
    }

    @Test
    void sshdsPasswordAuthArgumentWeakerThanSystemAuthDecides() {
        TestRoot rb = RhelPam.authselect(new TestRoot(root), false, false)
                .file("/etc/security/pwquality.conf", "minlen = 12\n");
        rb.file("/etc/authselect/password-auth", RhelPam.sssdPasswordAuth(false)
                .replace("pam_pwquality.so local_users_only", "pam_pwquality.so local_users_only minlen=6"));
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("sshd", p.getPasswordService());
        assertEquals("password-auth", p.getPasswordStack());
        assertEquals("6", p.getEffectiveOrThrow("minlen").getValue());
        assertEquals("/etc/pam.d/password-auth", p.getEffectiveOrThrow("minlen").getSource().getPath());
    }

    @Test
    void centos7PasswordAuthWithoutPwqualityLeavesNoQualityModule() {
        TestRoot rb = RhelPam.centos7(new TestRoot(root), "", "");
        rb.file("/etc/pam.d/password-auth-ac", RhelPam.centos7Ac("")
                .replace("password    requisite     pam_pwquality.so try_first_pass local_users_only retry=3 authtok_type=\n", ""));
        PasswordPolicy p = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("", p.getQualityModule(), "system-auth's pam_pwquality does not cover sshd's password-auth");
        assertEquals("sshd", p.getPasswordService());
        assertEquals("password-auth", p.getPasswordStack());
    }

    @Test
    void debian12RealPasswdStackThroughCommonPassword() throws java.io.IOException {
        String real = System.getenv("SENTINEL_DEBIAN12_ROOT");
        org.junit.jupiter.api.Assumptions.assumeTrue(real != null && java.nio.file.Files.isRegularFile(Path.of(real, "etc/pam.d/passwd")),
                "no debootstrapped Debian 12 root");
        TestRoot rb = new TestRoot(root);
        for (String f : List.of("passwd", "common-password")) {
            rb.file("/etc/pam.d/" + f, java.nio.file.Files.readString(Path.of(real, "etc/pam.d", f)));
        }
        PasswordPolicy before = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("", before.getQualityModule());
        assertEquals("passwd", before.getPasswordService());
        assertEquals("common-password", before.getPasswordStack());
        String common = java.nio.file.Files.readString(Path.of(real, "etc/pam.d/common-password"));
        rb.file("/etc/pam.d/common-password", "password requisite pam_pwquality.so retry=3 minlen=10\n" + common);
        PasswordPolicy after = new TestHost(rb).collect(new PasswordPolicyProbe()).getPasswordPolicy();
        assertEquals("pam_pwquality", after.getQualityModule());
        assertEquals("10", after.getEffectiveOrThrow("minlen").getValue());
    }
}
