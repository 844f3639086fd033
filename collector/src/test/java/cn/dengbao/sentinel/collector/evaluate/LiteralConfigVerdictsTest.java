package cn.dengbao.sentinel.collector.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end (real files in a root → probes → rules): configuration read the way the tools themselves read
 * it, not literally — login.defs names are case-sensitive, inetd names r-services by their /etc/services names,
 * sudo's Defaults !authenticate drops the password for every grant, pam_pwquality raises minlen to 6, and a log
 * directory is judged as a directory. Each case has a compliant twin so a test can't pass by failing everything.
 */
class LiteralConfigVerdictsTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());

    @TempDir
    Path dir;

    private static Finding finding(TestRoot root, String ruleId) {
        var facts = new FactsCollector().collect(new RootDirAccess(root.root()), List.of());
        return ENGINE.evaluate(facts, Map.of()).getFindingsList().stream().filter(f -> f.getRuleId().equals(ruleId))
                .findFirst().orElseThrow();
    }

    /** Each evidence line with the file:line it cites (Evidence.source), as the reports print it. */
    private static String evidence(Finding f) {
        return f.getEvidenceList().stream().map(LiteralConfigVerdictsTest::line).collect(Collectors.joining("\n"));
    }

    private static String line(Evidence e) {
        return e.getText() + (e.hasSource() && !e.getSource().getPath().isEmpty()
                ? "（" + e.getSource().getPath() + ":" + e.getSource().getLine() + "）" : "");
    }

    /** The rule's finding on this root, asserted to have the expected status and to cite every given text. */
    private static Finding judged(TestRoot root, String ruleId, Status expected, String... cited) {
        Finding f = finding(root, ruleId);
        assertEquals(expected, f.getStatus(), evidence(f));
        for (String c : cited) {
            assertTrue(evidence(f).contains(c), c + " not in:\n" + evidence(f));
        }
        return f;
    }

    private TestRoot debian12(String name) {
        return new TestRoot(dir.resolve(name)).debian12();
    }

    @Test
    void lowercaseLoginDefsKeysAreIgnoredLikeShadowIgnoresThem() {
        TestRoot hardened = debian12("hardened").file("/etc/login.defs", "UMASK\t\t027\nPASS_MAX_DAYS\t90\nENCRYPT_METHOD YESCRYPT\n");
        assertEquals(Status.PASS, finding(hardened, "umask-restrictive").getStatus());
        assertEquals(Status.PASS, finding(hardened, "pwd-max-age").getStatus());

        // getdef.c compares names with strcmp: these lines set nothing, UMASK stays 022 and PASS_MAX_DAYS 99999
        TestRoot lower = debian12("lower").file("/etc/login.defs",
                "UMASK\t\t022\nPASS_MAX_DAYS\t99999\numask 077\npass_max_days 90\nENCRYPT_METHOD YESCRYPT\n");
        judged(lower, "umask-restrictive", Status.PARTIAL, "UMASK = 022（/etc/login.defs:1）");
        judged(lower, "pwd-max-age", Status.FAIL, "/etc/login.defs:2");

        // only the lowercase lines: nothing set at all, still not compliant
        TestRoot onlyLower = debian12("only-lower").file("/etc/login.defs", "umask 077\npass_max_days 90\n");
        assertTrue(finding(onlyLower, "umask-restrictive").getStatus() != Status.PASS);
        assertEquals(Status.FAIL, finding(onlyLower, "pwd-max-age").getStatus());
    }

    @Test
    void inetdAndXinetdServiceNamesShellLoginExecAreRshRloginRexec() {
        assertEquals(Status.PASS, finding(debian12("clean"), "plaintext-remote-services").getStatus());

        TestRoot inetd = debian12("inetd").file("/etc/inetd.conf", "# /etc/inetd.conf\n"
                + "shell stream tcp nowait root /usr/sbin/tcpd in.rshd\n"
                + "login stream tcp nowait root /usr/sbin/tcpd in.rlogind\n"
                + "#exec stream tcp nowait root /usr/sbin/tcpd in.rexecd\n");
        Finding f = judged(inetd, "plaintext-remote-services", Status.FAIL, "shell（inetd", "login（inetd");
        assertTrue(!evidence(f).contains("exec（inetd"), "a commented line enables nothing: " + evidence(f));

        TestRoot xinetd = debian12("xinetd").file("/etc/xinetd.d/rsh", "service shell\n{\n\tsocket_type = stream\n"
                + "\twait = no\n\tuser = root\n\tserver = /usr/sbin/in.rshd\n\tdisable = no\n}\n");
        judged(xinetd, "plaintext-remote-services", Status.FAIL, "shell（xinetd");

        TestRoot disabled = debian12("xinetd-off").file("/etc/xinetd.d/rsh", "service shell\n{\n\tsocket_type = stream\n"
                + "\tserver = /usr/sbin/in.rshd\n\tdisable = yes\n}\n");
        assertEquals(Status.PASS, finding(disabled, "plaintext-remote-services").getStatus());
    }

    @Test
    void defaultsNotAuthenticateMakesEveryGrantPasswordless() {
        TestRoot grant = debian12("grant").file("/etc/sudoers.d/ops", "ops ALL=(ALL) ALL\n", "r--r-----");
        assertEquals(Status.PASS, finding(grant, "sudo-nopasswd-all").getStatus());

        TestRoot included = debian12("included").file("/etc/sudoers.d/ops", "Defaults !authenticate\nops ALL=(ALL) ALL\n", "r--r-----");
        judged(included, "sudo-nopasswd-all", Status.FAIL, "Defaults !authenticate（/etc/sudoers.d/ops:1）",
                "ops ALL=(ALL) ALL", "%sudo");

        TestRoot main = debian12("main").file("/etc/sudoers", "Defaults\tenv_reset\nDefaults\t!authenticate\n"
                + "root\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n", "r--r-----");
        judged(main, "sudo-nopasswd-all", Status.FAIL, "/etc/sudoers:2");
    }

    private TestRoot withPwquality(String name, String conf) {
        return debian12(name).file("/etc/pam.d/common-password", "password\trequisite\t\t\tpam_pwquality.so retry=3\n"
                        + "password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt\n"
                        + "password\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n")
                .file("/etc/security/pwquality.conf", conf);
    }

    @Test
    void pwqualityMinlenBelowItsFloorIsJudgedAsSix() {
        assertEquals(Status.PASS, finding(withPwquality("eight", "minlen = 8\n"), "pwd-min-length").getStatus());

        // libpwquality enforces 6, not 1: PARTIAL (6 ≥ the weak-password line, < 8), raw value and line cited
        judged(withPwquality("one", "# weak\nminlen = 1\n"), "pwd-min-length", Status.PARTIAL,
                "配置为 1", "= 6", "/etc/security/pwquality.conf:2");

        // the same floor when the module argument sets it (arguments override pwquality.conf)
        TestRoot arg = withPwquality("arg", "minlen = 8\n").file("/etc/pam.d/common-password",
                "password\trequisite\t\t\tpam_pwquality.so retry=3 minlen=1\n"
                        + "password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt\n"
                        + "password\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n");
        judged(arg, "pwd-min-length", Status.PARTIAL, "配置为 1", "/etc/pam.d/common-password:1");
    }

    @Test
    void logDirectoryIsHeldToTheDirectoryThresholdNotTheFileOne() {
        TestRoot audit = debian12("audit").file("/var/log/audit/audit.log", "", "rw-------").chmod("/var/log/audit", "rwx------");
        judged(audit, "log-file-permissions", Status.PASS, "/var/log/audit/ 0700");

        TestRoot open = debian12("open").file("/var/log/audit/audit.log", "", "rw-------").chmod("/var/log/audit", "rwxr-xr-x");
        // others may list and enter the audit trail: wider than the directory threshold 0750
        judged(open, "log-file-permissions", Status.FAIL, "/var/log/audit/ 0755");
    }
}
