package cn.dengbao.sentinel.checks.ruletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code <rule>.tests.yaml} beside the built-in rules, one dynamic test per case, plus one per rule for its
 * coverage: the build fails when a case's verdict differs or an automated rule lacks a PASS or FAIL case (or a
 * PARTIAL / MANUAL case it can give) without a written reason. The same runner backs {@code rules test DIR}.
 */
class RuleTestsAsDataTest {

    @TestFactory
    Stream<DynamicNode> builtInRuleTests() {
        RuleTestRunner runner = new RuleTestRunner(RuleHarness.engine());
        List<RuleTestRunner.RuleResult> results = runner.runAll(RuleCatalog.builtIn().definitions(), RuleTestFiles.builtIn());
        List<DynamicNode> nodes = new ArrayList<>();
        for (RuleTestRunner.RuleResult r : results) {
            List<DynamicNode> cases = new ArrayList<>();
            cases.add(dynamicTest("coverage", () -> assertTrue(r.problems().isEmpty(), r.origin() + ": " + r.problems())));
            for (RuleTestRunner.CaseResult c : r.cases()) {
                cases.add(dynamicTest(c.name(), () -> assertTrue(c.ok(), c.origin() + ": 用例「" + c.name() + "」：" + c.failure())));
            }
            nodes.add(dynamicContainer(r.rule(), cases));
        }
        return nodes.stream();
    }

    /**
     * Each base host is a hardened host of its family: every automated rule passes (or does not apply), so a case's
     * verdict comes from its change alone.
     */
    @TestFactory
    Stream<DynamicNode> baseHostsAreHardened() {
        return BaseHosts.names().stream().map(name -> dynamicTest(name, () -> {
            Facts facts = FactsJson.parse(BaseHosts.load(name, null).toString());
            List<String> bad = new ArrayList<>();
            for (RuleDefinition r : RuleCatalog.builtIn().definitions()) {
                if (!"automated".equals(r.mode())) {
                    continue;
                }
                Finding f = RuleHarness.engine().evaluateOne(r.id(), facts, Map.of()).orElseThrow();
                if (f.getStatus() != Status.PASS && f.getStatus() != Status.NOT_APPLICABLE) {
                    bad.add(r.id() + " " + f.getStatus() + "：" + f.getMessage());
                }
            }
            assertTrue(bad.isEmpty(), name + ": " + bad);
        }));
    }

    /** The per-rule counts documented in docs/rules-format.md are those of the files. */
    @Test
    void documentedCountsAreTheFiles() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "rules-format.md"));
        List<String> documented = doc.lines().filter(l -> l.matches("\\| `[a-z0-9-]+` \\| \\d+ \\|.*")).toList();
        RuleTestRunner runner = new RuleTestRunner(RuleHarness.engine());
        var results = runner.runAll(RuleCatalog.builtIn().definitions(), RuleTestFiles.builtIn());
        List<String> actual = results.stream()
                .map(r -> "| `" + r.rule() + "` | " + r.cases().size() + " | " + String.join(" ", r.covered()) + " |").toList();
        assertEquals(actual, documented);
        int total = results.stream().mapToInt(r -> r.cases().size()).sum();
        assertTrue(doc.contains(", " + total + " cases"), "docs/rules-format.md states the total: " + total + " cases");
    }
}
