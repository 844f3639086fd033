package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Assertions for the 8.1.4.3–8.1.4.11 rule tests, over the shared built-in engine of
 * {@link cn.dengbao.sentinel.checks.testsupport.RuleHarness} (the catalog is compiled once per JVM).
 */
final class RuleHarness {

    static final RuleEngine ENGINE = cn.dengbao.sentinel.checks.testsupport.RuleHarness.engine();

    private RuleHarness() {
    }

    static Finding eval(String ruleId, Facts facts) {
        return eval(ruleId, facts, Map.of());
    }

    static Finding eval(String ruleId, Facts facts, Map<String, String> attrs) {
        Evaluation ev = ENGINE.evaluate(facts, attrs);
        Finding f = ev.getFindingsList().stream().filter(x -> x.getRuleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for rule " + ruleId));
        VerdictCoverage.record(f);
        return f;
    }

    static Finding eval(String ruleId, Facts.Builder facts) {
        return eval(ruleId, facts.build(), Map.of());
    }

    static Finding eval(String ruleId, Facts.Builder facts, Map<String, String> attrs) {
        return eval(ruleId, facts.build(), attrs);
    }

    static Finding assertStatus(Status expected, Finding f) {
        assertEquals(expected, f.getStatus(), () -> describe(f));
        return f;
    }

    static Finding assertPass(Finding f) {
        return assertStatus(Status.PASS, f);
    }

    static Finding assertFail(Risk risk, Finding f) {
        assertStatus(Status.FAIL, f);
        assertEquals(risk, f.getRisk(), () -> "risk of " + describe(f));
        return f;
    }

    static Finding assertPartial(Risk risk, Finding f) {
        assertStatus(Status.PARTIAL, f);
        assertEquals(risk, f.getRisk(), () -> "risk of " + describe(f));
        return f;
    }

    static Finding assertHigh(Finding f, boolean majorHazard) {
        assertEquals(Risk.HIGH, f.getRisk(), () -> "risk of " + describe(f));
        assertEquals(majorHazard, f.getMajorHazard(), () -> "major hazard of " + describe(f));
        assertFalse(f.getRiskReason().isBlank(), () -> "a HIGH finding names its reason: " + describe(f));
        return f;
    }

    /** Lowered by a compensation: not HIGH, not a major hazard, and the reason names the attribute's measure. */
    static Finding assertLowered(Finding f, Risk to, String reasonFragment) {
        assertEquals(to, f.getRisk(), () -> "risk of " + describe(f));
        assertFalse(f.getMajorHazard(), () -> describe(f));
        assertTrue(f.getRiskReason().contains(reasonFragment),
                () -> "risk reason should mention '" + reasonFragment + "': " + describe(f));
        return f;
    }

    static Finding assertEvidenceMentions(Finding f, String fragment) {
        assertTrue(evidenceText(f).contains(fragment),
                () -> "evidence should mention '" + fragment + "': " + describe(f));
        return f;
    }

    static String evidenceText(Finding f) {
        return f.getEvidenceList().stream()
                .map(e -> e.getText() + " " + e.getSource().getPath() + " " + e.getSource().getExcerpt()
                        + " " + e.getSource().getCommand())
                .collect(Collectors.joining("\n"));
    }

    static String describe(Finding f) {
        return f.getRuleId() + " " + f.getStatus() + "/" + f.getRisk() + " major=" + f.getMajorHazard()
                + " msg=" + f.getMessage() + " reason=" + f.getRiskReason() + "\nevidence:\n" + evidenceText(f);
    }
}
