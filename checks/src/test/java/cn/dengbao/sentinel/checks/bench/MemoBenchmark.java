package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.MemoCostProbe;
import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * CPU per {@link RuleEngine#evaluate} with and without the finding memo, on the 40-account compliant host of
 * {@link EngineBenchmark}, single thread (thread CPU time). Modes:
 * <ul>
 *   <li>plain: no memo;
 *   <li>memo, same host again: every report has a new report_id and collected_at (the steady state);
 *   <li>memo, identical facts but report_id: all look-ups hit, i.e. the memo's own cost (hashing + look-up +
 *       building the Evaluation);
 *   <li>memo, daily: accounts.today_days differs on every report as well (the worst case of the daily change);
 *   <li>hashing alone: the digests and keys of one evaluation.
 * </ul>
 * Args: [reports per mode].
 */
public final class MemoBenchmark {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        RuleEngine plain = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        FactsFixtures f = FactsFixtures.compliantHost();
        for (int i = 0; i < 32; i++) {
            f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        Facts base = f.build();
        long t0 = base.getHost().getCollectedAtEpochMs();
        long today = base.getAccounts().getTodayDays();
        System.out.printf("rules=%d accounts=%d facts=%d bytes reports/mode=%d%n", plain.rules().size(),
                base.getAccounts().getAccountsCount(), base.getSerializedSize(), n);

        IntFunction<Facts> sameHost = i -> next(base, i, t0 + 60_000L * i, today);
        IntFunction<Facts> identical = i -> base.toBuilder().setReportId("r-" + i).build();
        IntFunction<Facts> daily = i -> next(base, i, t0 + 60_000L * i, today + i);

        run("plain (no memo)", plain, sameHost, n);
        run("memo, same host, new report_id + collected_at", plain.withMemo(10_000), sameHost, n);
        run("memo, identical facts (all hits)", plain.withMemo(10_000), identical, n);
        // a bounded memo: the daily case fills it with one entry per changed rule per report
        run("memo, accounts.today_days changes every report", plain.withMemo(10_000), daily, n);

        MemoCostProbe probe = new MemoCostProbe(RuleCatalog.builtIn());
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += probe.keysFor(sameHost.apply(i), Map.of());
        }
        long c0 = MX.getCurrentThreadCpuTime();
        int reps = 20_000;
        for (int i = 0; i < reps; i++) {
            sink += probe.keysFor(sameHost.apply(i), Map.of());
        }
        double us = (MX.getCurrentThreadCpuTime() - c0) / 1e3 / reps;
        System.out.printf("%-50s %9.1f µs/evaluation cpu (%d distinct inputs, incl. building the Facts) [%d]%n",
                "hashing alone (digests + keys)", us, probe.distinctInputs(), sink & 1);
    }

    private static Facts next(Facts base, int i, long collectedAt, long today) {
        Facts.Builder b = base.toBuilder().setReportId("r-" + i);
        b.getHostBuilder().setCollectedAtEpochMs(collectedAt);
        b.getAccountsBuilder().setTodayDays(today);
        return b.build();
    }

    private static void run(String name, RuleEngine engine, IntFunction<Facts> facts, int n) {
        int warm = Math.max(500, n / 2);
        for (int i = 0; i < warm; i++) {
            engine.evaluate(facts.apply(-1 - i), Map.of());
        }
        RuleEngine.MemoStats s0 = engine.memoStats();
        long c0 = MX.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            engine.evaluate(facts.apply(i), Map.of());
        }
        double cpuUs = (MX.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        double wallUs = (System.nanoTime() - w0) / 1e3 / n;
        RuleEngine.MemoStats s = engine.memoStats();
        long hits = s.hits() - s0.hits();
        long misses = s.misses() - s0.misses();
        System.out.printf("%-50s %9.1f µs/evaluation cpu (%.1f wall)  hits/misses per evaluation %.1f/%.1f  size=%d%n",
                name, cpuUs, wallUs, (double) hits / n, (double) misses / n, s.size());
    }
}
