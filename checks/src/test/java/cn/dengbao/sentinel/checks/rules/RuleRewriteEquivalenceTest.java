package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.bench.BenchHosts;
import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Service;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rules rewritten for speed (see RuleCostBenchmark) must judge exactly as before: the previous texts are kept under
 * test resources {@code rules-before-rewrite/}, loaded over the built-ins, and both engines evaluate many random
 * hosts (duplicate names and UIDs in every combination, three-way duplicates, expired, idle and default accounts,
 * unknown "today", template-instance services). Every finding — status, risk, message, evidence — must be equal.
 */
class RuleRewriteEquivalenceTest {

    private static final RuleEngine NEW = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
    private static final RuleEngine OLD = new RuleEngine(RuleCatalog.load(before()), Profile.builtIn());
    private static final Set<String> REWRITTEN = Set.of("account-unique-identity", "account-shared-uid",
            "plaintext-remote-services", "account-expired-enabled", "account-long-inactive");

    private static final String[] NAMES = {"root", "alice", "bob", "games", "lp", "news", "backup", "guest", "carol",
            "dave", "ftp", "pi"};
    private static final String[] SHELLS = {"/bin/bash", "/usr/sbin/nologin", "/bin/sh", "/bin/false"};
    private static final String[] SERVICES = {"telnet", "telnet.socket", "telnet@1", "telnet@a@b", "telnetx",
            "vsftpd", "vsftpd@x", "foo@telnet", "rsh", "rsh.socket@2", "tftp", "@", "ssh", "cron", "tftpd-hpa",
            "rlogin@", "pure-ftpd@site"};

    private static Path before() {
        try {
            return Path.of(RuleRewriteEquivalenceTest.class.getResource("/rules-before-rewrite").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oldTextsAreLoadedOverTheBuiltIns() {
        assertEquals(REWRITTEN.size(), RuleCatalog.ofDirectory(before()).size());
    }

    @Test
    void benchHostsJudgedAlike() {
        for (Facts f : List.of(BenchHosts.compliant(), BenchHosts.failing())) {
            assertSame(f, Map.of());
            assertSame(f, Map.of("mfa_bastion", "true"));
        }
    }

    @Test
    void randomHostsJudgedAlike() {
        Random rnd = new Random(20261124);
        int failing = 0;
        for (int n = 0; n < 600; n++) {
            Facts f = randomHost(rnd);
            Map<String, String> attrs = rnd.nextBoolean() ? Map.of() : Map.of("mfa_bastion", "true");
            failing += assertSame(f, attrs);
        }
        assertTrue(failing > 300, "the random hosts should mostly fail some rewritten rule: " + failing);
    }

    private static int assertSame(Facts f, Map<String, String> attrs) {
        Evaluation a = NEW.evaluate(f, attrs);
        Evaluation b = OLD.evaluate(f, attrs);
        int notPass = 0;
        for (int i = 0; i < a.getFindingsCount(); i++) {
            if (REWRITTEN.contains(a.getFindings(i).getRuleId())) {
                assertEquals(b.getFindings(i), a.getFindings(i), a.getFindings(i).getRuleId() + " on " + f);
                if (a.getFindings(i).getStatus() != cn.dengbao.sentinel.proto.Status.PASS) {
                    notPass = 1;
                }
            }
        }
        assertEquals(b.toBuilder().clearEvaluatedAtEpochMs().build(), a.toBuilder().clearEvaluatedAtEpochMs().build());
        return notPass;
    }

    private static Facts randomHost(Random rnd) {
        FactsFixtures fx = FactsFixtures.compliantHost();
        Facts.Builder b = fx.builder();
        long today = rnd.nextInt(8) == 0 ? 0 : FactsFixtures.TODAY_DAYS + rnd.nextInt(400) - 200;
        var acc = b.getAccountsBuilder().clearAccounts().setTodayDays(today).setShadowReadable(rnd.nextInt(10) > 0);
        int count = rnd.nextInt(8) == 0 ? rnd.nextInt(2) : rnd.nextInt(45);
        for (int i = 0; i < count; i++) {
            String name = rnd.nextInt(3) == 0 ? NAMES[rnd.nextInt(NAMES.length)] : "u" + i;
            long uid = rnd.nextInt(4) == 0 ? rnd.nextInt(4) * 500 : 2000 + i;
            String shell = SHELLS[rnd.nextInt(SHELLS.length)];
            int k = rnd.nextInt(8);
            PasswordState st = k >= 4 ? PasswordState.HASHED : PasswordState.forNumber(k);
            acc.addAccounts(Account.newBuilder().setName(name).setUid(uid).setGid(uid).setShell(shell)
                    .setInteractiveShell(shell.endsWith("sh")).setPasswordState(st)
                    .setHashAlgorithm(rnd.nextBoolean() ? "SHA512" : "MD5").setShadowEntry(true)
                    .setLastChangeDays(rnd.nextInt(6) == 0 ? 0 : FactsFixtures.TODAY_DAYS - rnd.nextInt(300))
                    .setMaxDays(rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(4) == 0 ? 99999 : 30 + rnd.nextInt(120))
                    .setExpireDays(rnd.nextInt(4) == 0 ? FactsFixtures.TODAY_DAYS + rnd.nextInt(40) - 20 : -1)
                    .setLastLoginEpochS(rnd.nextInt(4) == 0 ? 0
                            : (FactsFixtures.TODAY_DAYS - rnd.nextInt(200)) * 86_400L - rnd.nextInt(86_400))
                    .setPasswdSource(FactsFixtures.src("/etc/passwd", i + 1, name + ":x:" + uid)));
        }
        var svc = b.getServicesBuilder().clearServices();
        for (int i = rnd.nextInt(6); i > 0; i--) {
            svc.addServices(Service.newBuilder().setName(SERVICES[rnd.nextInt(SERVICES.length)])
                    .setEnabled(rnd.nextBoolean()).setActive(rnd.nextBoolean()).setManager("systemd"));
        }
        return b.build();
    }
}
