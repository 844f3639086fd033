package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.testkit.FactsFixtures.TODAY_DAYS;
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

import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleCase;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SshOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 8.1.4.2 访问控制: every verdict each rule can give, from the compliant host with one thing changed. */
class AccessControlRulesTest {

    static Stream<RuleCase> cases() {
        return Stream.of(
                // 8.1.4.2a
                of("account-assignment-review", "lists login accounts", f -> f, MANUAL, NONE).evidence("alice:x:1000"),
                of("account-assignment-review", "accounts absent", f -> f.with(b -> b.clearAccounts()), ERROR, NONE),

                // 8.1.4.2b
                of("sshd-root-login", "no", f -> f, PASS, NONE),
                of("sshd-root-login", "prohibit-password", f -> f.sshd("PermitRootLogin", "prohibit-password"), PARTIAL, LOW),
                of("sshd-root-login", "unset: OpenSSH default", f -> f.removeSshd("PermitRootLogin"), PARTIAL, LOW)
                        .evidence("未设置 PermitRootLogin"),
                of("sshd-root-login", "yes", f -> f.sshd("PermitRootLogin", "yes"), FAIL, MEDIUM),
                // issue 16: a Match block re-enabling root login for some connections decides the verdict
                of("sshd-root-login", "Match Address * yes",
                        f -> f.sshdMatch("Address *", "来自任意地址（0.0.0.0/0）的连接", "PermitRootLogin", "yes"), FAIL, MEDIUM)
                        .evidence("Match Address *（来自任意地址（0.0.0.0/0）的连接）：PermitRootLogin yes（/etc/ssh/sshd_config:41）"),
                of("sshd-root-login", "Match Group admins prohibit-password",
                        f -> f.sshdMatch("Group admins", "组 admins 的成员的连接", "PermitRootLogin", "prohibit-password"),
                        PARTIAL, LOW).evidence("Match Group admins"),
                of("sshd-root-login", "Match block keeps no", f -> f.sshdMatch("User backup", "用户 backup的连接",
                        "PermitRootLogin", "no"), PASS, NONE),
                of("sshd-root-login", "compiled-in default yes (CentOS 7 openssh 7.4)", f -> f.removeSshd("PermitRootLogin")
                        .sshdVersion("7.4p1", 704).with(b -> b.getSshdBuilder().setOptionsSource("files").putEffective("permitrootlogin",
                                SshOption.newBuilder().setIsDefault(true).addValues("yes").setGlobal(Setting.newBuilder()
                                        .setKey("permitrootlogin（未设置，OpenSSH 7.4p1 编译默认值）").setValue("yes").setSource(Source.newBuilder()
                                                .setExcerpt("未设置，OpenSSH 7.4p1 编译默认值 yes"))).build())), FAIL, MEDIUM)
                        .evidence("permitrootlogin（未设置，OpenSSH 7.4p1 编译默认值） = yes"),
                of("sshd-root-login", "no sshd", FactsFixtures::sshdNotInstalled, NOT_APPLICABLE, NONE),
                of("sshd-root-login", "sshd unreadable",
                        f -> f.collectionError("sshd", "/etc/ssh/sshd_config", ErrorKind.PERMISSION_DENIED), ERROR, NONE),

                of("default-accounts-locked", "nologin", f -> f, PASS, NONE),
                of("default-accounts-locked", "lp with shell and password",
                        f -> f.editAccount("lp", a -> a.setShell("/bin/sh").setInteractiveShell(true)
                                .setPasswordState(PasswordState.HASHED)), PARTIAL, LOW).evidence("lp:x:7"),
                of("default-accounts-locked", "games with shell and empty password",
                        f -> f.editAccount("games", a -> a.setShell("/bin/bash").setInteractiveShell(true)
                                .setPasswordState(PasswordState.EMPTY)), FAIL, MEDIUM),
                of("default-accounts-locked", "shadow not readable",
                        f -> f.with(b -> b.getAccountsBuilder().setShadowReadable(false)), MANUAL, NONE),
                of("default-accounts-locked", "shell but locked", f -> f.editAccount("games",
                        a -> a.setShell("/bin/bash").setInteractiveShell(true).setPasswordState(PasswordState.LOCKED)),
                        PASS, NONE),

                // 8.1.4.2c
                of("account-expired-enabled", "all current", f -> f, PASS, NONE),
                of("account-expired-enabled", "password expired 110 days ago",
                        f -> f.editAccount("alice", a -> a.setLastChangeDays(TODAY_DAYS - 200)), FAIL, LOW)
                        .evidence("alice：口令已过期 110 天"),
                of("account-expired-enabled", "account itself expired",
                        f -> f.editAccount("alice", a -> a.setLastChangeDays(TODAY_DAYS - 200).setExpireDays(TODAY_DAYS - 1)),
                        PASS, NONE),
                of("account-expired-enabled", "shadow not readable",
                        f -> f.with(b -> b.getAccountsBuilder().setShadowReadable(false)), MANUAL, NONE),
                of("account-expired-enabled", "collection day unknown",
                        f -> f.with(b -> b.getAccountsBuilder().setTodayDays(0)), MANUAL, NONE),
                of("account-expired-enabled", "shadow unreadable",
                        f -> f.collectionError("accounts.shadow", "/etc/shadow", ErrorKind.PERMISSION_DENIED), ERROR, NONE),

                of("account-long-inactive", "recent login", f -> f, PASS, NONE),
                of("account-long-inactive", "200 days without login",
                        f -> f.editAccount("alice", a -> a.setLastLoginEpochS((TODAY_DAYS - 200) * 86_400L)), FAIL, LOW)
                        .evidence("alice：200 天未登录"),
                of("account-long-inactive", "unknown last login is listed, not judged", f -> f, PASS, NONE)
                        .evidence("root"),
                of("account-long-inactive", "collection day unknown",
                        f -> f.with(b -> b.getAccountsBuilder().setTodayDays(0)), MANUAL, NONE),

                of("account-shared-uid", "unique", f -> f, PASS, NONE),
                of("account-shared-uid", "alias of alice",
                        f -> f.account("alice2", 1000, "/bin/bash", PasswordState.HASHED), FAIL, MEDIUM)
                        .evidence("alice2（UID 1000）"),

                // 8.1.4.2d
                of("uid0-only-root", "only root", f -> f, PASS, NONE),
                of("uid0-only-root", "locked toor", f -> f.account("toor", 0, "/usr/sbin/nologin", PasswordState.LOCKED),
                        FAIL, MEDIUM),
                of("uid0-only-root", "login-capable toor", f -> f.account("toor", 0, "/bin/bash", PasswordState.HASHED),
                        FAIL, HIGH).evidence("toor:x:0"),

                of("sudo-nopasswd-all", "password required", f -> f, PASS, NONE),
                of("sudo-nopasswd-all", "root itself", f -> f.sudo("root", "ALL", true), PASS, NONE),
                of("sudo-nopasswd-all", "%wheel NOPASSWD ALL", f -> f.sudo("%wheel", "ALL", true), FAIL, MEDIUM)
                        .evidence("NOPASSWD"),
                // issue 16: "Defaults !authenticate" makes %sudo ALL password-less (the probe marks the grant)
                of("sudo-nopasswd-all", "Defaults !authenticate", f -> f.with(b -> b.getSudoersBuilder().setPresent(true)
                        .addRules(cn.dengbao.sentinel.proto.SudoRule.newBuilder().setPrincipal("%sudo").setHosts("ALL")
                                .setRunas("ALL:ALL").setCommands("ALL").setAllCommands(true).setNopasswd(true)
                                .setSource(Source.newBuilder().setPath("/etc/sudoers").setLine(5).setExcerpt("%sudo\tALL=(ALL:ALL) ALL"))
                                .setNopasswdDefaults(Source.newBuilder().setPath("/etc/sudoers.d/zz-noauth").setLine(1)
                                        .setExcerpt("Defaults\t!authenticate")))), FAIL, MEDIUM).evidence("!authenticate"),
                of("sudo-nopasswd-all", "sudoers absent", f -> f.with(b -> b.clearSudoers()), ERROR, NONE),

                of("sudo-all-principals", "one group", f -> f, PASS, NONE),
                of("sudo-all-principals", "three principals", f -> f.sudo("bob", "ALL", false).sudo("carol", "ALL", false),
                        FAIL, LOW),
                of("sudo-all-principals", "same principal twice counts once",
                        f -> f.sudo("bob", "ALL", false).sudo("bob", "ALL", false), PASS, NONE),

                of("admin-role-separation", "manual with sudo rules", f -> f, MANUAL, NONE).evidence("/usr/sbin/ausearch"),

                // 8.1.4.2e
                of("privileged-service-account", "mysql user", f -> f, PASS, NONE),
                of("privileged-service-account", "mysqld as root",
                        f -> f.process("mysqld", "root", "/usr/sbin/mysqld --user=root"), FAIL, HIGH).evidence("mysqld"),
                of("privileged-service-account", "oracle background process",
                        f -> f.process("ora_pmon_orcl", "root", "ora_pmon_orcl"), FAIL, HIGH),
                of("privileged-service-account", "restricted and audited",
                        f -> f.process("java", "root", "java -jar app.jar"), FAIL, MEDIUM)
                        .attrs(Map.of("access_restricted", "true")),
                of("privileged-service-account", "offline", FactsFixtures::noProcessesCollected, NOT_APPLICABLE, NONE),
                of("privileged-service-account", "Sentinel's own evaluate --local JVM as root is not middleware",
                        f -> f.process("java", "root", "java -jar /opt/sentinel/sentinel-collector.jar evaluate --local")
                                .with(b -> b.getProcessesBuilder().getProcessesBuilder(b.getProcessesBuilder().getProcessesCount() - 1).setSentinel(true)),
                        PASS, NONE),
                of("privileged-service-account", "kernel thread named like middleware",
                        f -> f.process("kafka", "root", "")
                                .with(b -> b.getProcessesBuilder().getProcessesBuilder(b.getProcessesBuilder().getProcessesCount() - 1).setKernelThread(true)),
                        PASS, NONE),
                of("privileged-service-account", "another java as root next to Sentinel's",
                        f -> f.process("java", "root", "java -jar /opt/sentinel/sentinel-agent.jar run")
                                .with(b -> b.getProcessesBuilder().getProcessesBuilder(b.getProcessesBuilder().getProcessesCount() - 1).setSentinel(true))
                                .process("java", "root", "java -jar /opt/app/app.jar"), FAIL, HIGH).evidence("app.jar"),

                of("access-policy-authority", "manual", f -> f.process("java", "root", "java -jar app.jar"), MANUAL, NONE)
                        .evidence("java（PID"),

                // 8.1.4.2f
                of("critical-file-permissions", "tight", f -> f, PASS, NONE),
                of("critical-file-permissions", "rhel shadow 0000", f -> f.file("/etc/shadow", "0000", "root"), PASS, NONE),
                of("critical-file-permissions", "sshd_config 0644",
                        f -> f.file("/etc/ssh/sshd_config", "0644", "root"), PARTIAL, LOW).evidence("/etc/ssh/sshd_config 0644"),
                of("critical-file-permissions", "shadow world-readable",
                        f -> f.file("/etc/shadow", "0644", "root"), FAIL, MEDIUM).evidence("/etc/shadow 0644"),
                of("critical-file-permissions", "passwd owned by a user",
                        f -> f.file("/etc/passwd", "0644", "alice"), FAIL, MEDIUM),
                of("critical-file-permissions", "setuid bit counts as wider",
                        f -> f.file("/etc/sudoers", "4440", "root"), PARTIAL, LOW),
                of("critical-file-permissions", "shadow not reported", f -> f.with(b -> {
                    var fp = b.getFilePermissionsBuilder();
                    for (int i = 0; i < fp.getFilesCount(); i++) {
                        if (fp.getFiles(i).getPath().equals("/etc/shadow")) {
                            fp.removeFiles(i);
                            break;
                        }
                    }
                }), MANUAL, NONE).evidence("未采集到权限信息的账户文件：/etc/shadow"),
                of("critical-file-permissions", "shadow not reported but sudoers too open", f -> f.with(b -> {
                    var fp = b.getFilePermissionsBuilder();
                    for (int i = 0; i < fp.getFilesCount(); i++) {
                        if (fp.getFiles(i).getPath().equals("/etc/shadow")) {
                            fp.removeFiles(i);
                            break;
                        }
                    }
                }).file("/etc/sudoers", "0666", "root"), PARTIAL, LOW),
                of("critical-file-permissions", "section absent", f -> f.with(b -> b.clearFilePermissions()), ERROR, NONE),

                of("umask-restrictive", "027", f -> f, PASS, NONE),
                of("umask-restrictive", "077", f -> f.umask("077", "0077"), PASS, NONE),
                of("umask-restrictive", "022", f -> f.umask("027", "022"), PARTIAL, LOW),
                of("umask-restrictive", "unset", f -> f.umask(), PARTIAL, LOW).evidence("未在登录脚本"),
                of("umask-restrictive", "002", f -> f.umask("002"), FAIL, LOW),

                // 8.1.4.2g
                of("mac-enforcing", "apparmor enforce", f -> f, PASS, NONE),
                of("mac-enforcing", "selinux enforcing", f -> f.noMac().selinux("enforcing", "enforcing"), PASS, NONE)
                        .base(FactsFixtures::compliantHost),
                of("mac-enforcing", "selinux configured enforcing, running permissive",
                        f -> f.noMac().selinux("enforcing", "permissive"), PARTIAL, LOW),
                of("mac-enforcing", "apparmor complain only", f -> f.noMac().apparmor(true, 0, 12), PARTIAL, LOW),
                of("mac-enforcing", "selinux disabled", f -> f.noMac().selinux("disabled", ""), FAIL, MEDIUM)
                        .evidence("SELINUX=disabled"),
                of("mac-enforcing", "nothing", FactsFixtures::noMac, FAIL, MEDIUM),
                of("mac-enforcing", "section absent", f -> f.with(b -> b.clearMac()), ERROR, NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdict(RuleCase c) {
        c.check();
    }

    @Test
    void manualFindingsSayWhatToCheckAndTheRiskIfItFails() {
        Finding f = RuleHarness.finding("account-assignment-review", FactsFixtures.compliantHost().build());
        assertTrue(f.getMessage().contains("核查"), f.getMessage());
        assertTrue(f.getRiskReason().contains("中"), f.getRiskReason());
        assertEquals(3, f.getEvidenceList().stream().map(Evidence::getText).filter(t -> t.startsWith("可登录账户")).count(),
                "root, alice and audit: only accounts with an interactive shell");
    }
}
