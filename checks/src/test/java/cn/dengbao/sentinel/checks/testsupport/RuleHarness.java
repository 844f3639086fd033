package cn.dengbao.sentinel.checks.testsupport;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import java.util.Map;

/** One engine over the built-in rules and profile, shared by all rule tests (compiled once per JVM). */
public final class RuleHarness {

    private static volatile RuleEngine engine;

    private RuleHarness() {}

    public static RuleEngine engine() {
        RuleEngine e = engine;
        if (e == null) {
            synchronized (RuleHarness.class) {
                e = engine;
                if (e == null) {
                    e = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
                    engine = e;
                }
            }
        }
        return e;
    }

    public static Finding finding(String ruleId, Facts facts) {
        return finding(ruleId, facts, Map.of());
    }

    public static Finding finding(String ruleId, Facts facts, Map<String, String> attrs) {
        return find(engine().evaluate(facts, attrs), ruleId);
    }

    public static Finding find(Evaluation ev, String ruleId) {
        return ev.getFindingsList().stream().filter(f -> f.getRuleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for rule " + ruleId));
    }
}
