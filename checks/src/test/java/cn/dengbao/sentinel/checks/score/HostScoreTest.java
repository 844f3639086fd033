package cn.dengbao.sentinel.checks.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;
import cn.dengbao.sentinel.checks.testsupport.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HostScoreTest {

    private static final ClauseCatalog CATALOG = ClauseCatalog.level3Host();

    /** An evaluation with every catalog item set by {@code status}, plus optional findings. */
    private static Evaluation ev(Function<ClauseItem, Status> status, Finding... findings) {
        Evaluation.Builder b = Evaluation.newBuilder();
        for (ClauseItem i : CATALOG.items()) {
            b.addClauses(ClauseResult.newBuilder().setClause(i.clause()).setStatus(status.apply(i)));
        }
        for (Finding f : findings) {
            b.addFindings(f);
        }
        return b.build();
    }

    @Test
    void allPassIsExcellent() {
        HostScore s = HostScore.of(ev(i -> Status.PASS), CATALOG);
        assertEquals(100.0, s.score2021());
        assertEquals("优", s.band2021());
        assertEquals(1.0, s.complianceRate2025());
        assertEquals("符合", s.conclusion2025());
        assertEquals(34, s.decidedItems());
    }

    @Test
    void weightsCountAndNotApplicableAndPendingAreLeftOut() {
        // Only 8.1.4.1a (关键, ×3) fails; 8.1.4.2a (一般) partial; application items N/A; 8.1.4.9b manual.
        HostScore s = HostScore.of(ev(i -> switch (i.clause()) {
            case "8.1.4.1a" -> Status.FAIL;
            case "8.1.4.2a" -> Status.PARTIAL;
            case "8.1.4.4d", "8.1.4.11a", "8.1.4.11b" -> Status.NOT_APPLICABLE;
            case "8.1.4.9b" -> Status.MANUAL;
            default -> Status.PASS;
        }), CATALOG);
        double total = CATALOG.items().stream()
                .filter(i -> !java.util.Set.of("8.1.4.4d", "8.1.4.11a", "8.1.4.11b", "8.1.4.9b").contains(i.clause()))
                .mapToDouble(i -> CATALOG.weightFactor(i.weight())).sum();
        assertEquals(Math.round(1000 * (total - 3 - 0.5) / total) / 10.0, s.score2021());
        assertEquals(3, s.notApplicableItems());
        assertEquals(1, s.pendingItems());
        assertEquals(30, s.decidedItems());
        assertEquals(Math.round(1000 * 28.0 / 30) / 1000.0, s.complianceRate2025());
        assertEquals("基本符合", s.conclusion2025());
    }

    @Test
    void highRiskMakesTheBandPoorAndMajorHazardMakesItNonCompliant() {
        Finding hazard = Finding.newBuilder().setClause("8.1.4.1a").setTitle("空口令").setRisk(Risk.HIGH)
                .setMajorHazard(true).setStatus(Status.FAIL).build();
        HostScore s = HostScore.of(ev(i -> Status.PASS, hazard), CATALOG);
        assertEquals("差", s.band2021());
        assertFalse(s.passes2021());
        assertEquals("不符合", s.conclusion2025());
        assertEquals(1, s.majorHazards().size());

        Finding medium = Finding.newBuilder().setRisk(Risk.MEDIUM).setStatus(Status.FAIL).build();
        assertEquals("良", HostScore.of(ev(i -> Status.PASS, medium), CATALOG).band2021(), "medium risk caps at 良");
    }

    @Test
    void realEvaluationOfAWeakHost() {
        Evaluation ev = RuleHarness.engine().evaluate(FactsFixtures.compliantHost()
                .account("guest", 1002, "/bin/bash", PasswordState.EMPTY).build(), Map.of());
        HostScore s = HostScore.of(ev, CATALOG);
        assertEquals("差", s.band2021());
        assertTrue(s.majorHazards().stream().anyMatch(h -> h.startsWith("8.1.4.1a")), s.majorHazards().toString());
        assertTrue(s.pendingItems() > 0, "items without rules on this branch are pending");
    }
}
