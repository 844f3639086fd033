package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Sshd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The memo must be invisible: over many varied hosts, evaluated in an order that mixes first sightings with
 * repeats, an engine with a memo returns exactly what the engine without one returns (evaluated_at aside).
 */
class MemoEquivalenceTest {

    private static final RuleEngine PLAIN = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
    private static final long DAY_MS = 86_400_000L;

    /** Edits that each touch one area the rules look at; combined at random. */
    private static final List<Consumer<Facts.Builder>> EDITS = List.of(
            f -> f.getAccountsBuilder().setTodayDays(f.getAccounts().getTodayDays() + 1),
            f -> f.getAccountsBuilder().setTodayDays(f.getAccounts().getTodayDays() + 400),
            f -> f.getAccountsBuilder().addAccounts(f.getAccounts().getAccounts(0).toBuilder().setName("toor")),
            f -> f.getAccountsBuilder().getAccountsBuilder(0).setPasswordState(PasswordState.EMPTY),
            f -> f.getAccountsBuilder().getAccountsBuilder(0).setHashAlgorithm("MD5"),
            f -> f.getAccountsBuilder().getAccountsBuilder(f.getAccounts().getAccountsCount() - 1).setLastLoginEpochS(1),
            f -> f.getAccountsBuilder().setShadowReadable(false),
            f -> f.clearAccounts(),
            f -> f.getSshdBuilder().putOptions("permitrootlogin", FactsFixtures.setting("permitrootlogin", "yes", "/etc/ssh/sshd_config")),
            f -> f.getSshdBuilder().putOptions("ciphers", FactsFixtures.setting("ciphers", "3des-cbc", "/etc/ssh/sshd_config")),
            f -> f.getSshdBuilder().removeOptions("maxauthtries").removeOptions("MaxAuthTries"),
            f -> f.getSshdBuilder().setInstalled(false),
            f -> f.clearSshd(),
            f -> f.setSshd(Sshd.getDefaultInstance()),
            f -> f.getPamBuilder().clearStacks(),
            f -> f.getPasswordPolicyBuilder().setQualityModule(""),
            f -> f.getPasswordPolicyBuilder().removeLoginDefs("PASS_MAX_DAYS"),
            f -> f.getAuditBuilder().setAuditdEnabled(false),
            f -> f.getAuditBuilder().clearRules(),
            f -> f.getAuditBuilder().removeAuditdConf("log_format"),
            f -> f.clearAudit(),
            f -> f.getOsBuilder().setFamily(OsFamily.DEBIAN),
            f -> f.getOsBuilder().setFamily(OsFamily.RHEL),
            f -> f.getOsBuilder().setFamily(OsFamily.OS_FAMILY_UNSPECIFIED),
            f -> f.getOsBuilder().setUptimeSeconds(f.getOs().getUptimeSeconds() + 3600),
            f -> f.getHostBuilder().setAccessMode(AccessMode.ROOT),
            f -> f.getHostBuilder().setCollectedAtEpochMs(f.getHost().getCollectedAtEpochMs() + 200 * DAY_MS),
            f -> f.getPackagesBuilder().setLastUpdateEpochS(1),
            f -> f.getPackagesBuilder().setPendingUpdatesKnown(false),
            f -> f.getSecuritySoftwareBuilder().clearProducts(),
            f -> f.getServicesBuilder().addServices(CompliantHost.service("telnet.socket", true, true)),
            f -> f.getListeningPortsBuilder().addPorts(CompliantHost.port("tcp", "0.0.0.0", 23, "telnetd")),
            f -> f.getFilePermissionsBuilder().addFiles(CompliantHost.file("/etc/shadow", 0644, 0)),
            f -> f.clearFirewall(),
            f -> f.clearTrustedBoot(),
            f -> f.clearBackup(),
            f -> f.getMacBuilder().clear(),
            f -> f.addCollectionErrors(cn.dengbao.sentinel.proto.CollectionError.newBuilder().setFact("sshd")
                    .setPath("/etc/ssh/sshd_config").setKind(ErrorKind.PERMISSION_DENIED)),
            f -> f.addCollectionErrors(cn.dengbao.sentinel.proto.CollectionError.newBuilder().setFact("accounts.shadow")
                    .setPath("/etc/shadow").setKind(ErrorKind.PERMISSION_DENIED).setDetail("EACCES")));

    private static final List<Map<String, String>> ATTRS = List.of(
            Map.of(),
            Map.of("internet_facing", "true"),
            Map.of("internet_facing", "false"),
            Map.of("hids", "true", "usb_control", "true", "software_whitelist", "true"),
            Map.of("network_antimalware", "true", "internet_facing", "true"),
            Map.of("mfa_bastion", "true", "access_restricted", "true"));

    private static List<Facts.Builder> bases() {
        FactsFixtures big = FactsFixtures.compliantHost();
        for (int i = 0; i < 32; i++) {
            big.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        return List.of(big.builder(), FactsFixtures.compliantHost().builder(), FactsFixtures.rhel().builder(),
                FactsFixtures.bare().builder(), CompliantHost.facts(), CompliantHost.offline());
    }

    private static Facts variant(Random rnd, int n) {
        List<Facts.Builder> bases = bases();
        Facts.Builder f = bases.get(rnd.nextInt(bases.size())).clone();
        int edits = rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            Consumer<Facts.Builder> e = EDITS.get(rnd.nextInt(EDITS.size()));
            try {
                e.accept(f);
            } catch (IndexOutOfBoundsException ignored) {
                // an account edit on a host without accounts: nothing to change
            }
        }
        // every report is new: the memo must not care
        f.setReportId("r-" + n);
        f.getHostBuilder().setCollectedAtEpochMs(f.getHost().getCollectedAtEpochMs() + rnd.nextInt(1000));
        return f.build();
    }

    static Evaluation strip(Evaluation e) {
        return e.toBuilder().clearEvaluatedAtEpochMs().build();
    }

    @Test
    void memoMatchesPlainEngineOverVariedHostsAndRepeats() {
        RuleEngine memo = PLAIN.withMemo(100_000);
        RuleEngine tiny = PLAIN.withMemo(50); // evicts all the time: must still be right
        Random rnd = new Random(20261124);
        List<Facts> seen = new ArrayList<>();
        List<Map<String, String>> seenAttrs = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            Facts facts;
            Map<String, String> attrs;
            if (!seen.isEmpty() && rnd.nextInt(3) == 0) {
                int i = rnd.nextInt(seen.size());
                facts = seen.get(i).toBuilder().setReportId("again-" + n).build();
                attrs = seenAttrs.get(i);
            } else {
                facts = variant(rnd, n);
                attrs = ATTRS.get(rnd.nextInt(ATTRS.size()));
                seen.add(facts);
                seenAttrs.add(attrs);
            }
            Evaluation expected = strip(PLAIN.evaluate(facts, attrs));
            assertEquals(expected, strip(memo.evaluate(facts, attrs)), "report " + n);
            assertEquals(expected, strip(tiny.evaluate(facts, attrs)), "report " + n + " (tiny memo)");
        }
        RuleEngine.MemoStats s = memo.memoStats();
        assertTrue(s.hits() > s.misses(), "repeats and unchanged sections must hit: " + s);
        assertTrue(tiny.memoStats().size() <= 50);
    }

    @Test
    void memoMatchesPlainEngineUnderConcurrentIngest() throws Exception {
        RuleEngine memo = PLAIN.withMemo(2_000);
        Random rnd = new Random(7);
        List<Facts> facts = new ArrayList<>();
        List<Map<String, String>> attrs = new ArrayList<>();
        Map<Integer, Evaluation> expected = new HashMap<>();
        for (int n = 0; n < 40; n++) {
            facts.add(variant(rnd, n));
            attrs.add(ATTRS.get(rnd.nextInt(ATTRS.size())));
            expected.put(n, strip(PLAIN.evaluate(facts.get(n), attrs.get(n))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int k = 0; k < 150; k++) {
                        int n = r.nextInt(facts.size());
                        assertEquals(expected.get(n), strip(memo.evaluate(facts.get(n), attrs.get(n))));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(memo.memoStats().hits() > 0);
    }

    @Test
    void ruleReadingCollectionTimeFollowsItThroughTheMemo() {
        // last-update-age compares package age to collected_at: same packages, later report -> other verdict
        RuleEngine memo = PLAIN.withMemo(10_000);
        Facts early = CompliantHost.facts().build();
        Facts.Builder later = early.toBuilder().setReportId("r-later");
        later.getHostBuilder().setCollectedAtEpochMs(CompliantHost.NOW_MS + 200 * DAY_MS);
        Evaluation a = memo.evaluate(early, Map.of());
        Evaluation b = memo.evaluate(later.build(), Map.of());
        assertEquals(strip(PLAIN.evaluate(early, Map.of())), strip(a));
        assertEquals(strip(PLAIN.evaluate(later.build(), Map.of())), strip(b));
        assertEquals(status(a, "last-update-age"), cn.dengbao.sentinel.proto.Status.PASS);
        assertEquals(status(b, "last-update-age"), cn.dengbao.sentinel.proto.Status.PARTIAL);
    }

    private static cn.dengbao.sentinel.proto.Status status(Evaluation e, String rule) {
        return e.getFindingsList().stream().filter(f -> f.getRuleId().equals(rule)).findFirst().orElseThrow()
                .getStatus();
    }
}
