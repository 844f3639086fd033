package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;
import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.checks.testsupport.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every shipped rule must have; runs over the whole built-in catalog (both rule branches). */
class BuiltInRulesTest {

    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

    static Stream<RuleDefinition> rules() {
        return RuleCatalog.builtIn().definitions().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleIsComplete(RuleDefinition r) {
        assertTrue(CJK.matcher(r.title()).find(), r.id() + ": title must be zh-CN");
        ClauseItem item = ClauseCatalog.level3Host().find(r.clause()).orElse(null);
        assertNotNull(item, r.id() + ": clause " + r.clause() + " not in the level-3 catalog");
        assertEquals(item.control(), r.control(), r.id() + ": control point must match the catalog");
        if (!r.isNotApplicableMode()) {
            String rem = r.remediation();
            assertTrue(rem.contains("Debian") || rem.contains("Ubuntu"), r.id() + ": remediation must cover Debian family");
            assertTrue(rem.contains("RHEL") || rem.contains("CentOS"), r.id() + ": remediation must cover RHEL family");
            assertTrue(CJK.matcher(rem).find(), r.id() + ": remediation must be zh-CN");
        } else {
            assertNotNull(r.notApplicable(), r.id() + ": not_applicable reason required");
        }
        if ("automated".equals(r.mode())) {
            assertNotNull(r.messages().pass(), r.id() + ": messages.pass");
            assertNotNull(r.messages().fail(), r.id() + ": messages.fail");
            if (r.partial() != null) {
                assertNotNull(r.messages().partial(), r.id() + ": messages.partial");
            }
        }
    }

    @Test
    void builtInCatalogAndProfilesLoad() {
        assertTrue(RuleCatalog.builtIn().size() > 0);
        new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        RuleEngine lenient = new RuleEngine(RuleCatalog.builtIn(), Profile.resource("profiles/lenient-assessor.yaml"));
        assertEquals("示例测评机构基线（宽松）", lenient.profile().name());
    }

    @Test
    void compliantHostPassesEveryAutomatedIdentityAndAccessRule() {
        Evaluation ev = RuleHarness.engine().evaluate(FactsFixtures.compliantHost().build(), Map.of());
        List<String> notPassing = ev.getFindingsList().stream()
                .filter(f -> f.getClause().matches("8\\.1\\.4\\.[12][a-z]"))  // not 8.1.4.10x/11x
                .filter(f -> f.getStatus() != Status.PASS && f.getStatus() != Status.MANUAL)
                .map(f -> f.getRuleId() + "=" + f.getStatus() + " " + f.getMessage())
                .toList();
        assertEquals(List.of(), notPassing);
        for (Finding f : ev.getFindingsList()) {
            if (f.getStatus() == Status.PASS) {
                assertEquals(cn.dengbao.sentinel.proto.Risk.NONE, f.getRisk());
            }
        }
    }
}
