package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.testsupport.RuleCase.of;
import static cn.dengbao.sentinel.proto.Risk.HIGH;
import static cn.dengbao.sentinel.proto.Risk.LOW;
import static cn.dengbao.sentinel.proto.Risk.MEDIUM;
import static cn.dengbao.sentinel.proto.Risk.NONE;
import static cn.dengbao.sentinel.proto.Status.ERROR;
import static cn.dengbao.sentinel.proto.Status.FAIL;
import static cn.dengbao.sentinel.proto.Status.MANUAL;
import static cn.dengbao.sentinel.proto.Status.NOT_APPLICABLE;
import static cn.dengbao.sentinel.proto.Status.PARTIAL;
import static cn.dengbao.sentinel.proto.Status.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleCase;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.SshOption;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 8.1.4.1 身份鉴别: every verdict each rule can give, from the compliant host with one thing changed. */
class IdentificationRulesTest {

    private static FactsFixtures withoutMfaStack(FactsFixtures f) {
        f.builder().getPamBuilder().clearStacks();
        return f.pamEntry("sshd", "auth", "required", "pam_faillock", "preauth")
                .pamEntry("sshd", "auth", "substack", "password-auth");
    }

    static cn.dengbao.sentinel.proto.Service inetd(String name, String manager, boolean enabled, String path, String line) {
        return cn.dengbao.sentinel.proto.Service.newBuilder().setName(name).setManager(manager).setEnabled(enabled)
                .setSource(cn.dengbao.sentinel.proto.Source.newBuilder().setPath(path).setLine(1).setExcerpt(line)).build();
    }

    static Stream<RuleCase> cases() {
        return Stream.of(
                // 8.1.4.1a
                of("account-unique-identity", "unique", f -> f, PASS, NONE),
                of("account-unique-identity", "duplicate name",
                        f -> f.account("alice", 1005, "/bin/bash", PasswordState.HASHED), FAIL, MEDIUM).evidence("alice"),
                of("account-unique-identity", "duplicate uid",
                        f -> f.account("bob", 1000, "/bin/bash", PasswordState.HASHED), FAIL, MEDIUM).evidence("bob"),
                of("account-unique-identity", "accounts section absent",
                        f -> f.with(b -> b.clearAccounts()), ERROR, NONE),

                of("account-empty-password", "all hashed", f -> f, PASS, NONE),
                of("account-empty-password", "empty password on a login account",
                        f -> f.account("guest", 1002, "/bin/bash", PasswordState.EMPTY), FAIL, HIGH).evidence("guest"),
                of("account-empty-password", "mfa bastion lowers to medium",
                        f -> f.account("guest", 1002, "/bin/bash", PasswordState.EMPTY), FAIL, MEDIUM)
                        .attrs(Map.of("mfa_bastion", "true")),
                of("account-empty-password", "empty password with nologin shell",
                        f -> f.account("svc", 998, "/usr/sbin/nologin", PasswordState.EMPTY), PASS, NONE),
                of("account-empty-password", "shadow not readable but no error recorded",
                        f -> f.with(b -> b.getAccountsBuilder().setShadowReadable(false)), MANUAL, NONE),
                of("account-empty-password", "shadow unreadable",
                        f -> f.collectionError("accounts.shadow", "/etc/shadow", ErrorKind.PERMISSION_DENIED), ERROR, NONE)
                        .evidence("无法读取 /etc/shadow：PERMISSION_DENIED"),

                of("pwd-quality-module", "pam_pwquality", f -> f, PASS, NONE),
                of("pwd-quality-module", "none", f -> f.qualityModule(""), FAIL, MEDIUM)
                        .evidence("系统口令栈中未发现"),
                of("pwd-quality-module", "sshd's password-auth without a quality module (system-auth has one)",
                        f -> f.qualityModule("").with(b -> b.getPasswordPolicyBuilder().setPasswordService("sshd").setPasswordStack("password-auth")),
                        FAIL, MEDIUM).evidence("sshd → password-auth"),
                of("pwd-quality-module", "passwd through system-auth",
                        f -> f.with(b -> b.getPasswordPolicyBuilder().setPasswordService("passwd").setPasswordStack("system-auth")),
                        PASS, NONE).evidence("passwd → system-auth"),
                of("pwd-quality-module", "password policy unreadable",
                        f -> f.collectionError("password_policy", "/etc/pam.d/common-password", ErrorKind.PERMISSION_DENIED),
                        ERROR, NONE),

                of("pwd-min-length", "minlen 8", f -> f, PASS, NONE),
                of("pwd-min-length", "unset: module default 9", f -> f.removePasswordEffective("minlen")
                        .with(b -> b.getPasswordPolicyBuilder().removePwquality("minlen")), PASS, NONE),
                of("pwd-min-length", "minlen 6", f -> f.passwordEffective("minlen", "6"), PARTIAL, LOW),
                of("pwd-min-length", "minlen 4", f -> f.passwordEffective("minlen", "4"), FAIL, MEDIUM),
                // issue 16: "minlen = 1" in pwquality.conf — the probe records what pam_pwquality enforces (6)
                of("pwd-min-length", "pwquality minlen = 1 is raised to 6", f -> f.pwquality("minlen", "1")
                        .with(b -> b.getPasswordPolicyBuilder().putEffective("minlen", FactsFixtures.setting("minlen（配置为 1，pam_pwquality 将小于 6 的 minlen 提高到 6）", "6",
                                "/etc/security/pwquality.conf").toBuilder().setSource(cn.dengbao.sentinel.proto.Source.newBuilder()
                                .setPath("/etc/security/pwquality.conf").setLine(2)
                                .setExcerpt("minlen = 1（pam_pwquality 将小于 6 的 minlen 提高到 6）")).build())), PARTIAL, LOW)
                        .evidence("提高到 6"),
                of("pwd-min-length", "no module", f -> f.qualityModule(""), FAIL, MEDIUM),
                of("pwd-min-length", "section absent", f -> f.with(b -> b.clearPasswordPolicy()), ERROR, NONE),

                of("pwd-complexity", "minclass 3", f -> f, PASS, NONE),
                of("pwd-complexity", "three negative credits", f -> f.removePasswordEffective("minclass")
                        .with(b -> b.getPasswordPolicyBuilder().removePwquality("minclass"))
                        .passwordEffective("dcredit", "-1").passwordEffective("ucredit", "-1")
                        .pwquality("ocredit", "-1"), PASS, NONE),
                of("pwd-complexity", "minclass 2", f -> f.passwordEffective("minclass", "2"), PARTIAL, LOW),
                of("pwd-complexity", "nothing set", f -> f.removePasswordEffective("minclass")
                        .with(b -> b.getPasswordPolicyBuilder().removePwquality("minclass")), FAIL, MEDIUM),
                of("pwd-complexity", "positive credits do not count", f -> f.passwordEffective("minclass", "0")
                        .passwordEffective("dcredit", "1").passwordEffective("ucredit", "1")
                        .passwordEffective("lcredit", "1"), FAIL, MEDIUM),

                of("pwd-max-age", "90 days", f -> f, PASS, NONE),
                of("pwd-max-age", "99999 days", f -> f.loginDef("PASS_MAX_DAYS", "99999"), FAIL, MEDIUM)
                        .evidence("PASS_MAX_DAYS = 99999"),
                of("pwd-max-age", "unset", f -> f.removeLoginDef("PASS_MAX_DAYS"), FAIL, MEDIUM)
                        .evidence("未设置 PASS_MAX_DAYS"),
                of("pwd-max-age", "login.defs unreadable",
                        f -> f.collectionError("password_policy.login_defs", "/etc/login.defs", ErrorKind.PERMISSION_DENIED),
                        ERROR, NONE),

                of("pwd-max-age-accounts", "all 90", f -> f, PASS, NONE),
                of("pwd-max-age-accounts", "root never expires",
                        f -> f.editAccount("root", a -> a.setMaxDays(99999)), FAIL, LOW).evidence("root：最长期限 99999 天"),
                of("pwd-max-age-accounts", "no maximum", f -> f.editAccount("alice", a -> a.setMaxDays(-1)), FAIL, LOW)
                        .evidence("alice：最长期限 未设置"),
                of("pwd-max-age-accounts", "locked accounts do not count",
                        f -> f.editAccount("sshd", a -> a.setMaxDays(99999)), PASS, NONE),
                of("pwd-max-age-accounts", "shadow not readable but no error recorded",
                        f -> f.with(b -> b.getAccountsBuilder().setShadowReadable(false)), MANUAL, NONE),
                of("pwd-max-age-accounts", "shadow unreadable",
                        f -> f.collectionError("accounts.shadow", "/etc/shadow", ErrorKind.PERMISSION_DENIED), ERROR, NONE),

                of("pwd-remember", "remember 5", f -> f, PASS, NONE),
                of("pwd-remember", "remember 3", f -> f.passwordEffective("remember", "3"), PARTIAL, LOW),
                of("pwd-remember", "unset", f -> f.removePasswordEffective("remember"), FAIL, LOW),

                // 8.1.4.1b
                of("login-lockout", "faillock 5/600", f -> f, PASS, NONE),
                of("login-lockout", "faillock defaults 3/600", f -> f.lockout("pam_faillock", null, null), PASS, NONE),
                of("login-lockout", "no automatic unlock", f -> f.lockout("pam_faillock", "3", "0"), PASS, NONE),
                of("login-lockout", "tally2 deny=5 locks until reset", f -> f.lockout("pam_tally2", "5", null), PASS, NONE),
                of("login-lockout", "deny 10", f -> f.lockout("pam_faillock", "10", "600"), PARTIAL, LOW),
                of("login-lockout", "unlock 300 s", f -> f.lockout("pam_faillock", "5", "300"), PARTIAL, LOW),
                of("login-lockout", "tally2 without deny", f -> f.lockout("pam_tally2", null, null), PARTIAL, LOW),
                of("login-lockout", "no module", FactsFixtures::noLockout, FAIL, MEDIUM)
                        .evidence("认证栈中未发现 pam_faillock / pam_tally2"),
                of("login-lockout", "section absent", f -> f.with(b -> b.clearLoginLockout()), ERROR, NONE),
                // per service: the stack sshd really runs decides (RHEL family: sshd → password-auth, not system-auth)
                of("login-lockout", "sshd and login both lock",
                        f -> f.lockoutService("sshd", "pam_faillock", "sshd → password-auth")
                                .lockoutService("login", "pam_faillock", "login → system-auth"), PASS, NONE)
                        .evidence("sshd：pam_faillock（sshd → password-auth，/etc/pam.d/password-auth:2）"),
                of("login-lockout", "system-auth locks but sshd's password-auth does not",
                        f -> f.lockoutService("sshd", "", "/etc/pam.d/sshd、/etc/pam.d/password-auth")
                                .lockoutService("login", "pam_faillock", "login → system-auth"), FAIL, MEDIUM)
                        .evidence("sshd：认证栈中无 pam_faillock / pam_tally2（/etc/pam.d/sshd、/etc/pam.d/password-auth）"),
                of("login-lockout", "sshd locks, console login does not",
                        f -> f.lockoutService("sshd", "pam_faillock", "sshd → password-auth")
                                .lockoutService("login", "", "/etc/pam.d/login、/etc/pam.d/system-auth"), PARTIAL, LOW),

                of("session-tmout", "600 readonly", f -> f, PASS, NONE),
                of("session-tmout", "not readonly", f -> f.tmout("300", false), PARTIAL, LOW),
                of("session-tmout", "1800", f -> f.tmout("1800", true), FAIL, MEDIUM),
                of("session-tmout", "unset", f -> f.tmout(null, false), FAIL, MEDIUM).evidence("未设置 TMOUT"),
                of("session-tmout", "last assignment wins", f -> f.with(b -> b.getSessionBuilder()
                        .addTmout(FactsFixtures.setting("TMOUT", "0", "/root/.bashrc"))), FAIL, MEDIUM),

                of("sshd-client-alive", "300 x 2", f -> f, PASS, NONE),
                of("sshd-client-alive", "defaults (disabled)", f -> f.removeSshd("ClientAliveInterval")
                        .removeSshd("ClientAliveCountMax"), FAIL, LOW),
                of("sshd-client-alive", "600 x 3", f -> f.sshd("ClientAliveInterval", "600")
                        .sshd("ClientAliveCountMax", "3"), FAIL, LOW),
                // issue 16: ClientAliveCountMax 0 means "one interval" before OpenSSH 8.2 and "never" from 8.2 on
                of("sshd-client-alive", "CentOS 7 openssh 7.4: 600 x 0 disconnects after one interval",
                        f -> f.sshdVersion("7.4p1", 704).sshd("ClientAliveInterval", "600").sshd("ClientAliveCountMax", "0"),
                        PASS, NONE).evidence("早于 8.2"),
                of("sshd-client-alive", "openssh 9.2: 600 x 0 never disconnects",
                        f -> f.sshdVersion("9.2p1", 902).sshd("ClientAliveInterval", "600").sshd("ClientAliveCountMax", "0"),
                        FAIL, LOW).evidence("永不因无响应断开"),
                of("sshd-client-alive", "unknown version: 300 x 0 read as never",
                        f -> f.sshd("ClientAliveInterval", "300").sshd("ClientAliveCountMax", "0"), FAIL, LOW),
                of("sshd-client-alive", "Match User backup turns it off",
                        f -> f.sshdMatch("User backup", "用户 backup的连接", "ClientAliveInterval", "0"), FAIL, LOW)
                        .evidence("Match User backup（用户 backup的连接）：ClientAliveInterval 0"),
                of("sshd-client-alive", "Match block stricter", f -> f.sshdMatch("Address 10.0.0.0/8", "来自 10.0.0.0/8的连接",
                        "ClientAliveInterval", "60"), PASS, NONE),
                of("sshd-client-alive", "sshd not installed", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),
                of("sshd-client-alive", "sshd_config unreadable",
                        f -> f.collectionError("sshd", "/etc/ssh/sshd_config", ErrorKind.PERMISSION_DENIED), ERROR, NONE),

                of("sshd-max-auth-tries", "4", f -> f, PASS, NONE),
                of("sshd-max-auth-tries", "default 6", f -> f.removeSshd("MaxAuthTries"), FAIL, LOW),
                of("sshd-max-auth-tries", "Match Address raises it to 10",
                        f -> f.sshdMatch("Address 10.0.0.0/8", "来自 10.0.0.0/8的连接", "MaxAuthTries", "10"), FAIL, LOW)
                        .evidence("Match Address 10.0.0.0/8"),
                of("sshd-max-auth-tries", "Match LocalPort keeps 3",
                        f -> f.sshdMatch("LocalPort 2222", "连接本机端口 2222的连接", "MaxAuthTries", "3"), PASS, NONE),
                of("sshd-max-auth-tries", "sshd not installed", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),

                // 8.1.4.1c
                of("plaintext-remote-services", "none", f -> f, PASS, NONE),
                of("plaintext-remote-services", "installed but disabled",
                        f -> f.service("vsftpd", false, false), PASS, NONE),
                of("plaintext-remote-services", "telnet socket enabled",
                        f -> f.service("telnet.socket", true, false), FAIL, HIGH).evidence("telnet.socket"),
                of("plaintext-remote-services", "template instance active",
                        f -> f.service("rlogin@0-10.0.0.1:513", false, true), FAIL, HIGH),
                of("plaintext-remote-services", "mfa bastion lowers",
                        f -> f.service("vsftpd", true, true), FAIL, MEDIUM).attrs(Map.of("mfa_bastion", "true")),
                // issue 16: inetd.conf / xinetd.d name rsh, rlogin, rexec by their /etc/services names
                of("plaintext-remote-services", "inetd shell = rsh", f -> f.with(b -> b.getServicesBuilder()
                        .addServices(inetd("shell", "inetd", true, "/etc/inetd.conf", "shell stream tcp nowait root /usr/sbin/tcpd /usr/sbin/in.rshd"))),
                        FAIL, HIGH).evidence("shell（inetd，开机启用）"),
                of("plaintext-remote-services", "xinetd login = rlogin", f -> f.with(b -> b.getServicesBuilder()
                        .addServices(inetd("login", "xinetd", true, "/etc/xinetd.d/rlogin", "service login"))), FAIL, HIGH),
                of("plaintext-remote-services", "xinetd exec disabled", f -> f.with(b -> b.getServicesBuilder()
                        .addServices(inetd("exec", "xinetd", false, "/etc/xinetd.d/rexec", "service exec"))), PASS, NONE),
                of("plaintext-remote-services", "a systemd unit named login is not rlogin",
                        f -> f.service("login", true, true), PASS, NONE),
                of("plaintext-remote-services", "services unknown",
                        f -> f.collectionError("services", "systemctl", ErrorKind.COMMAND_FAILED), ERROR, NONE),

                of("plaintext-remote-ports", "only ssh", f -> f, PASS, NONE),
                of("plaintext-remote-ports", "telnet listening",
                        f -> f.listening("tcp", "0.0.0.0", 23, "in.telnetd"), FAIL, HIGH).evidence("0.0.0.0:23"),
                of("plaintext-remote-ports", "ftp on loopback", f -> f.listening("tcp", "127.0.0.1", 21, "vsftpd"), PASS, NONE),
                of("plaintext-remote-ports", "syslog udp 514 is not rsh",
                        f -> f.listening("udp", "0.0.0.0", 514, "rsyslogd"), PASS, NONE),
                of("plaintext-remote-ports", "tftp udp 69", f -> f.listening("udp", "0.0.0.0", 69, "in.tftpd"), FAIL, HIGH),
                of("plaintext-remote-ports", "offline collection",
                        FactsFixtures::noListeningPortsCollected, NOT_APPLICABLE, NONE),

                of("sshd-protocol-2", "Protocol 2", f -> f, PASS, NONE),
                of("sshd-protocol-2", "unset", f -> f.removeSshd("Protocol"), PASS, NONE),
                of("sshd-protocol-2", "2,1", f -> f.sshd("Protocol", "2,1"), FAIL, MEDIUM),
                of("sshd-protocol-2", "no sshd", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),

                of("sshd-ciphers-confidentiality", "gcm/ctr", f -> f, PASS, NONE),
                of("sshd-ciphers-confidentiality", "defaults", f -> f.removeSshd("Ciphers"), PASS, NONE),
                of("sshd-ciphers-confidentiality", "removal list", f -> f.sshd("Ciphers", "-3des-cbc,aes128-cbc"), PASS, NONE),
                of("sshd-ciphers-confidentiality", "cbc", f -> f.sshd("Ciphers", "aes256-ctr,aes128-cbc"), FAIL, MEDIUM)
                        .evidence("aes128-cbc"),
                of("sshd-ciphers-confidentiality", "appended 3des", f -> f.sshd("Ciphers", "+3DES-CBC"), FAIL, MEDIUM),
                of("sshd-ciphers-confidentiality", "no sshd", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),

                of("sshd-macs-integrity", "sha2", f -> f, PASS, NONE),
                of("sshd-macs-integrity", "md5", f -> f.sshd("MACs", "hmac-sha2-256,hmac-md5"), FAIL, MEDIUM),
                of("sshd-macs-integrity", "sha1-96", f -> f.sshd("MACs", "hmac-sha1-96"), FAIL, MEDIUM),
                of("sshd-macs-integrity", "no sshd", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),
                // issue 16: one semantics — unset is the version's default list, judged like the same list written out
                of("sshd-macs-integrity", "unset: default list with sha1/umac-64", f -> f.removeSshd("MACs"), PARTIAL, LOW),
                of("sshd-macs-integrity", "explicit sha1 like the default", f -> f.sshd("MACs", "hmac-sha2-256,hmac-sha1"),
                        PARTIAL, LOW),
                of("sshd-macs-integrity", "removal list judged against the default",
                        f -> f.sshd("MACs", "-hmac-sha1-etm@openssh.com"), PARTIAL, LOW),
                of("sshd-macs-integrity", "appended md5", f -> f.sshd("MACs", "+hmac-md5"), FAIL, MEDIUM),
                of("sshd-macs-integrity", "OpenSSH 6.6 compiled-in default offers md5", f -> f.removeSshd("MACs")
                        .sshdVersion("6.6p1", 606).with(b -> b.getSshdBuilder().putEffective("macs", SshOption.newBuilder()
                                .setIsDefault(true).addValues("hmac-sha2-256,hmac-md5,hmac-sha1-96").setGlobal(FactsFixtures.setting(
                                        "macs（未设置，OpenSSH 6.6p1 编译默认值）", "hmac-sha2-256,hmac-md5,hmac-sha1-96", "")).build())),
                        FAIL, MEDIUM).evidence("编译默认值"),
                of("sshd-ciphers-confidentiality", "OpenSSH 6.6 compiled-in default offers cbc", f -> f.removeSshd("Ciphers")
                        .sshdVersion("6.6p1", 606).with(b -> b.getSshdBuilder().putEffective("ciphers", SshOption.newBuilder()
                                .setIsDefault(true).addValues("aes128-ctr,arcfour256,aes128-cbc").setGlobal(FactsFixtures.setting(
                                        "ciphers（未设置，OpenSSH 6.6p1 编译默认值）", "aes128-ctr,arcfour256,aes128-cbc", "")).build())),
                        FAIL, MEDIUM).evidence("arcfour256"),

                of("sshd-strong-kex", "curve25519", f -> f, PASS, NONE),
                of("sshd-strong-kex", "group1", f -> f.sshd("KexAlgorithms", "diffie-hellman-group1-sha1"), FAIL, MEDIUM),
                of("sshd-strong-kex", "no sshd", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),

                // 8.1.4.1d
                of("mfa-remote-login", "sshd stack + two methods", f -> f, PASS, NONE),
                of("mfa-remote-login", "two methods only", IdentificationRulesTest::withoutMfaStack, PASS, NONE),
                of("mfa-remote-login", "Match block lets a group in with a password alone",
                        f -> withoutMfaStack(f).sshdMatch("Group contractors", "组 contractors 的成员的连接",
                                "AuthenticationMethods", "password"), FAIL, HIGH).evidence("Match Group contractors"),
                of("mfa-remote-login", "otp module in sshd stack only",
                        f -> f.removeSshd("AuthenticationMethods"), PASS, NONE),
                of("mfa-remote-login", "bastion attribute",
                        f -> withoutMfaStack(f).removeSshd("AuthenticationMethods"), PASS, NONE)
                        .attrs(Map.of("mfa_bastion", "true")).evidence("mfa_bastion=true"),
                of("mfa-remote-login", "alternatives with a single method",
                        f -> withoutMfaStack(f).sshd("AuthenticationMethods", "publickey,password password"), FAIL, HIGH),
                of("mfa-remote-login", "mfa module outside sshd stack",
                        f -> withoutMfaStack(f).removeSshd("AuthenticationMethods")
                                .pamEntry("login", "auth", "required", "pam_pkcs11"), MANUAL, NONE)
                        .evidence("pam_pkcs11"),
                of("mfa-remote-login", "radius in sshd stack",
                        f -> withoutMfaStack(f).removeSshd("AuthenticationMethods")
                                .pamEntry("sshd", "auth", "sufficient", "pam_radius_auth"), MANUAL, NONE),
                of("mfa-remote-login", "single factor",
                        f -> withoutMfaStack(f).removeSshd("AuthenticationMethods"), FAIL, HIGH)
                        .evidence("未设置 AuthenticationMethods"),
                of("mfa-remote-login", "single factor, local management only",
                        f -> withoutMfaStack(f).removeSshd("AuthenticationMethods"), FAIL, MEDIUM)
                        .attrs(Map.of("access_restricted", "true")),
                of("mfa-remote-login", "pam section absent", f -> f.with(b -> b.clearPam()), ERROR, NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdict(RuleCase c) {
        c.check();
    }

    @Test
    void emptyPasswordIsAMajorHazardUntilCompensated() {
        Facts facts = FactsFixtures.compliantHost().account("guest", 1002, "/bin/bash", PasswordState.EMPTY).build();
        Finding high = RuleHarness.finding("account-empty-password", facts);
        assertTrue(high.getMajorHazard());
        assertTrue(high.getRiskReason().contains("空口令"), high.getRiskReason());
        Finding lowered = RuleHarness.finding("account-empty-password", facts, Map.of("access_restricted", "true"));
        assertEquals(false, lowered.getMajorHazard());
        assertTrue(lowered.getRiskReason().contains("access_restricted=true"), lowered.getRiskReason());
    }

    @Test
    void lenientProfileAcceptsShorterUnlockAndLongerIdle() {
        RuleEngine lenient = new RuleEngine(RuleCatalog.builtIn(), Profile.resource("profiles/lenient-assessor.yaml"));
        Facts facts = FactsFixtures.compliantHost().lockout("pam_faillock", "5", "300").tmout("1800", true).build();
        var ev = lenient.evaluate(facts, Map.of());
        assertEquals(Status.PASS, RuleHarness.find(ev, "login-lockout").getStatus());
        assertEquals(Status.PASS, RuleHarness.find(ev, "session-tmout").getStatus());
        assertEquals(Status.PARTIAL, RuleHarness.finding("login-lockout", facts).getStatus(), "default profile is stricter");
        assertEquals(Status.FAIL, RuleHarness.finding("session-tmout", facts).getStatus());
    }
}
