package cn.dengbao.sentinel.checks.testsupport;

import cn.dengbao.sentinel.testkit.FactsFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One table row of a rule test: start from a host (by default {@link FactsFixtures#compliantHost()}), change one
 * thing, expect a verdict and risk, optionally a fragment of the evidence. Use from a {@code @MethodSource}.
 */
public record RuleCase(String rule, String name, Supplier<FactsFixtures> base, UnaryOperator<FactsFixtures> change,
                       Map<String, String> attrs, Status status, Risk risk, String evidenceContains) {

    public static RuleCase of(String rule, String name, UnaryOperator<FactsFixtures> change, Status status, Risk risk) {
        return new RuleCase(rule, name, FactsFixtures::compliantHost, change, Map.of(), status, risk, null);
    }

    public RuleCase attrs(Map<String, String> a) {
        return new RuleCase(rule, name, base, change, a, status, risk, evidenceContains);
    }

    public RuleCase evidence(String fragment) {
        return new RuleCase(rule, name, base, change, attrs, status, risk, fragment);
    }

    public RuleCase base(Supplier<FactsFixtures> b) {
        return new RuleCase(rule, name, b, change, attrs, status, risk, evidenceContains);
    }

    /** Evaluates the case with the shared built-in engine and asserts the verdict. */
    public Finding check() {
        Finding f = RuleHarness.finding(rule, change.apply(base.get()).build(), attrs);
        assertEquals(status, f.getStatus(), () -> "status of " + this + ": " + f);
        assertEquals(risk, f.getRisk(), () -> "risk of " + this + ": " + f);
        assertFalse(f.getMessage().isBlank(), "every finding says why");
        if (f.getMajorHazard()) {
            assertEquals(Risk.HIGH, f.getRisk(), "major hazard only on HIGH findings");
        }
        if (f.getRisk() == Risk.HIGH) {
            assertFalse(f.getRiskReason().isBlank(), "a HIGH finding says which condition decided it");
        }
        if (evidenceContains != null) {
            assertTrue(f.getEvidenceList().stream().map(Evidence::getText).anyMatch(t -> t.contains(evidenceContains)),
                    () -> "evidence of " + this + " should contain '" + evidenceContains + "': " + f.getEvidenceList());
        }
        return f;
    }

    @Override
    public String toString() {
        return rule + ": " + name;
    }
}
