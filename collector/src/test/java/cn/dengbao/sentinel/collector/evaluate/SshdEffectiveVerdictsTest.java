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
 * Issue 16 end to end (collect --root → evaluate): the sshd verdicts follow the effective configuration — a Match
 * block re-enabling root login fails the item and is cited, a block nobody reaches changes nothing, and
 * ClientAliveCountMax 0 is judged by the OpenSSH version in the package database.
 */
class SshdEffectiveVerdictsTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
    /** A hardened drop-in on Debian's layout (Include at the top of sshd_config makes it win). */
    private static final String HARDENED = "PermitRootLogin no\nClientAliveInterval 300\nClientAliveCountMax 2\nMaxAuthTries 4\n"
            + "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com\n";

    @TempDir
    Path dir;

    private static Finding finding(Path root, String ruleId) {
        var facts = new FactsCollector().collect(new RootDirAccess(root), List.of());
        return ENGINE.evaluate(facts, Map.of()).getFindingsList().stream().filter(f -> f.getRuleId().equals(ruleId))
                .findFirst().orElseThrow();
    }

    private static String evidence(Finding f) {
        return f.getEvidenceList().stream().map(Evidence::getText).collect(Collectors.joining("\n"));
    }

    private TestRoot debian12(String name) {
        return new TestRoot(dir.resolve(name)).debian12().file("/etc/ssh/sshd_config.d/10-harden.conf", HARDENED);
    }

    @Test
    void matchAddressStarReEnablingRootLoginFailsAndIsCited() {
        TestRoot base = debian12("base");
        assertEquals(Status.PASS, finding(base.root(), "sshd-root-login").getStatus());

        TestRoot broken = debian12("broken").file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n"
                + "KbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\n"
                + "Subsystem\tsftp\t/usr/lib/openssh/sftp-server\nMatch Address *\n\tPermitRootLogin yes\n");
        Finding f = finding(broken.root(), "sshd-root-login");
        assertEquals(Status.FAIL, f.getStatus());
        assertTrue(evidence(f).contains("Match Address *（来自任意地址（0.0.0.0/0）的连接）：PermitRootLogin yes（/etc/ssh/sshd_config:9）"),
                evidence(f));
        assertTrue(evidence(f).contains("全局值取自 files，OpenSSH 9.2p1"), evidence(f));

        TestRoot harmless = debian12("harmless").file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n"
                + "UsePAM yes\nMatch LocalPort 2222\n\tPermitRootLogin yes\n");
        assertEquals(Status.PASS, finding(harmless.root(), "sshd-root-login").getStatus(), "sshd does not listen on 2222");
    }

    @Test
    void clientAliveCountMaxZeroDependsOnTheInstalledOpenssh() {
        String cis = "ClientAliveInterval 600\nClientAliveCountMax 0\n";
        // Debian 9 shipped openssh-server 1:7.4p1-10+deb9u7: 0 means "disconnect after one unanswered interval"
        TestRoot stretch = new TestRoot(dir.resolve("stretch")).debian12().file("/etc/ssh/sshd_config.d/10-idle.conf", cis)
                .file("/var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\n"
                        + "Version: 1:7.4p1-10+deb9u7\n");
        Finding old = finding(stretch.root(), "sshd-client-alive");
        assertEquals(Status.PASS, old.getStatus(), evidence(old));
        assertTrue(evidence(old).contains("早于 8.2"), evidence(old));
        // Debian 12's 9.2p1: the same lines never disconnect an idle session
        Finding now = finding(new TestRoot(dir.resolve("bookworm")).debian12().file("/etc/ssh/sshd_config.d/10-idle.conf", cis).root(),
                "sshd-client-alive");
        assertEquals(Status.FAIL, now.getStatus());
        assertTrue(evidence(now).contains("永不因无响应断开"), evidence(now));
    }

    @Test
    void unsetMacsIsJudgedLikeTheDefaultListForBothClauses() {
        Finding f = finding(new TestRoot(dir.resolve("plain")).debian12().root(), "sshd-macs-integrity");
        assertEquals(Status.PARTIAL, f.getStatus(), "9.2p1's compiled-in MACs still offer hmac-sha1 and umac-64");
        assertEquals(List.of("8.1.4.1c"), f.getAlsoClausesList());
        assertTrue(evidence(f).contains("编译默认值"), evidence(f));
        assertTrue(evidence(f).contains("全局值取自 files，OpenSSH 9.2p1"), evidence(f));
    }
}
