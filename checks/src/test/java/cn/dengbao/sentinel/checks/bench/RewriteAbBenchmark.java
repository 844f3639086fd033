package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Facts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * In-process A/B of the rule rewrites: the built-in rules against the same catalog with the previous texts of the
 * rewritten rules (test resources rules-before-rewrite/), in one JVM, alternating blocks so that JIT state and
 * machine load hit both alike. Modes: full evaluation (first report of a host) on the compliant and the failing
 * bench host, and the memo's daily case (accounts.today_days and collected_at move on every report).
 * Args: [blocks] [evaluations per block].
 */
public final class RewriteAbBenchmark {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int per = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Path before = Path.of(RewriteAbBenchmark.class.getResource("/rules-before-rewrite").toURI());
        RuleEngine oldEngine = new RuleEngine(RuleCatalog.load(before), Profile.builtIn());
        RuleEngine newEngine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        Facts compliant = BenchHosts.compliant();
        Facts failing = BenchHosts.failing();
        compare("full evaluation, compliant host", oldEngine, newEngine, i -> compliant, blocks, per);
        compare("full evaluation, failing host", oldEngine, newEngine, i -> failing, blocks, per);
        long t0 = compliant.getHost().getCollectedAtEpochMs();
        long today = compliant.getAccounts().getTodayDays();
        IntFunction<Facts> daily = i -> {
            Facts.Builder b = compliant.toBuilder().setReportId("r-" + i);
            b.getHostBuilder().setCollectedAtEpochMs(t0 + 60_000L * i);
            b.getAccountsBuilder().setTodayDays(today + i);
            return b.build();
        };
        compare("memo, today_days + collected_at move (compliant)", oldEngine.withMemo(100_000),
                newEngine.withMemo(100_000), daily, blocks, per * 10);
    }

    private static void compare(String name, RuleEngine a, RuleEngine b, IntFunction<Facts> facts, int blocks,
                                int per) {
        int[] seq = {0};
        for (int w = 0; w < 3; w++) {
            block(a, facts, per, seq);
            block(b, facts, per, seq);
        }
        double[] ua = new double[blocks];
        double[] ub = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            ua[k] = block(a, facts, per, seq);
            ub[k] = block(b, facts, per, seq);
        }
        double ma = median(ua);
        double mb = median(ub);
        System.out.printf("%-52s before %8.1f µs  after %8.1f µs  (%+.0f%%)  [min %.1f / %.1f]%n", name, ma, mb,
                (mb - ma) * 100 / ma, Arrays.stream(ua).min().getAsDouble(), Arrays.stream(ub).min().getAsDouble());
    }

    private static double block(RuleEngine e, IntFunction<Facts> facts, int n, int[] seq) {
        Facts[] in = new Facts[n];
        for (int i = 0; i < n; i++) {
            in[i] = facts.apply(seq[0]++);
        }
        long c0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            e.evaluate(in[i], Map.of());
        }
        return (MX.getCurrentThreadCpuTime() - c0) / 1e3 / n;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
