package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleCostProbe;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * CPU cost of each rule, and of each of its expressions (when / pass / partial / manual_when / high_when /
 * evidence[k], an evidence expression including its rendering), on the 40-account hosts of {@link BenchHosts}:
 * a compliant one and a failing one. Single thread, thread CPU time, median of several rounds.
 * A rule's cost is that of the engine evaluating it alone (the path its verdict takes: a passing rule evaluates
 * when + pass + evidence, a failing one also manual_when, partial, high_when); an expression's cost is that of
 * evaluating it alone, whether or not the verdict path reaches it; the outcome is printed with it (true/false, the
 * number of evidence entries, or error). Also prints the whole evaluate() per host.
 * Args: [iterations per round] [rounds] [top N].
 */
public final class RuleCostBenchmark {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        RuleCostProbe probe = new RuleCostProbe(engine);
        Map<String, String> attrs = probe.attributes(Map.of());
        for (String[] host : new String[][] {{"compliant"}, {"failing"}}) {
            Facts facts = host[0].equals("compliant") ? BenchHosts.compliant() : BenchHosts.failing();
            report(host[0], engine, probe, facts, attrs, iters, rounds, top);
        }
    }

    private record Row(String id, Status status, double us, List<String> exprs) {}

    private static void report(String name, RuleEngine engine, RuleCostProbe probe, Facts facts,
                               Map<String, String> attrs, int iters, int rounds, int top) {
        int n = probe.rules();
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (int i = 0; i < n; i++) {
            counts.merge(probe.evaluate(i, facts, attrs).getStatus(), 1, Integer::sum);
        }
        // warm-up: the whole engine, then each rule and expression
        for (int k = 0; k < 400; k++) {
            engine.evaluate(facts, Map.of());
        }
        double[][] ruleUs = new double[n][rounds];
        List<double[][]> exprUs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            exprUs.add(new double[probe.expressions(i).size()][rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                int ii = i;
                ruleUs[i][r] = time(iters, () -> probe.evaluate(ii, facts, attrs));
                List<String> ex = probe.expressions(i);
                for (int j = 0; j < ex.size(); j++) {
                    int jj = j;
                    exprUs.get(i)[j][r] = time(iters, () -> probe.evaluateExpression(ii, jj, facts, attrs));
                }
            }
        }
        double[] whole = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            whole[r] = time(Math.max(50, iters / 3), () -> engine.evaluate(facts, Map.of()));
        }
        List<Row> rows = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double us = median(ruleUs[i]);
            sum += us;
            List<String> parts = new ArrayList<>();
            List<String> ex = probe.expressions(i);
            for (int j = 0; j < ex.size(); j++) {
                parts.add(String.format("%s=%.1f(%s)", ex.get(j), median(exprUs.get(i)[j]),
                        probe.evaluateExpression(i, j, facts, attrs)));
            }
            rows.add(new Row(probe.ruleId(i), probe.evaluate(i, facts, attrs).getStatus(), us, parts));
        }
        rows.sort(Comparator.comparingDouble(Row::us).reversed());
        System.out.printf("%n== %s host: %d accounts, %d bytes; verdicts %s%n", name,
                facts.getAccounts().getAccountsCount(), facts.getSerializedSize(), counts);
        System.out.printf("whole evaluate(): %.1f µs cpu; sum of rules alone: %.1f µs%n", median(whole), sum);
        System.out.printf("%-4s %-32s %-9s %9s  %s%n", "#", "rule", "status", "µs", "expressions µs (outcome)");
        for (int k = 0; k < rows.size() && k < top; k++) {
            Row row = rows.get(k);
            System.out.printf("%-4d %-32s %-9s %9.1f  %s%n", k + 1, row.id(), row.status(), row.us(),
                    String.join("  ", row.exprs()));
        }
        double rest = rows.stream().skip(top).mapToDouble(Row::us).sum();
        System.out.printf("     (other %d rules together: %.1f µs)%n", Math.max(0, rows.size() - top), rest);
    }

    private static double time(int iters, Runnable r) {
        long c0 = MX.getCurrentThreadCpuTime();
        for (int k = 0; k < iters; k++) {
            r.run();
        }
        return (MX.getCurrentThreadCpuTime() - c0) / 1e3 / iters;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
