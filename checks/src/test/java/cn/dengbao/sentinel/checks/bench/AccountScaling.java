package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleCostProbe;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How evaluation cost grows with the number of accounts: CPU of a full evaluation and of each rule alone at
 * N accounts, for N given as arguments (default 1000 4000 16000). A rule whose time grows faster than N is named.
 */
public final class AccountScaling {
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1000, 4000, 16000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        RuleCostProbe probe = new RuleCostProbe(engine);
        Map<String, String> attrs = probe.attributes(Map.of());
        List<double[]> perRule = new ArrayList<>();
        for (int n : sizes) {
            Facts facts = host(n);
            engine.evaluate(facts, Map.of());
            long t0 = System.nanoTime();
            engine.evaluate(facts, Map.of());
            double full = (System.nanoTime() - t0) / 1e6;
            double[] ms = new double[probe.rules()];
            for (int i = 0; i < probe.rules(); i++) {
                long s = System.nanoTime();
                probe.evaluate(i, facts, attrs);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            perRule.add(ms);
            System.out.printf("accounts=%d full evaluation %.1f ms%n", n, full);
        }
        double[] last = perRule.get(perRule.size() - 1);
        Integer[] order = new Integer[last.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(last[b], last[a]));
        for (int k = 0; k < Math.min(12, order.length); k++) {
            int i = order[k];
            StringBuilder sb = new StringBuilder(String.format("%-32s", probe.ruleId(i)));
            for (double[] ms : perRule) {
                sb.append(String.format(" %9.2f ms", ms[i]));
            }
            System.out.println(sb);
        }
    }

    static Facts host(int accounts) {
        FactsFixtures f = FactsFixtures.compliantHost();
        for (int i = 0; i < accounts; i++) {
            f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        return f.build();
    }
}
