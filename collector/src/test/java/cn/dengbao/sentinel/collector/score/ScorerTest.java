package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.engine.ClauseRollup;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerTest {
    private static final double EPS = 1e-9;
    private final Scorer scorer = Scorer.builtIn();

    static Finding f(String rule, String clause, Status s, Risk r, boolean hazard) {
        return Finding.newBuilder().setRuleId(rule).setClause(clause).setTitle("检查 " + rule).setStatus(s)
                .setRisk(r).setMajorHazard(hazard).build();
    }

    /**
     * Host A (importance from the checks ClauseCatalog, base deduction 1):
     * 8.1.4.1a 关键×3: r1a-1 PASS + r1a-2 FAIL(中) → 部分符合 0.5 → deduction 1×3×0.5 = 1.5
     * 8.1.4.1b 重要×2: FAIL(中)                      → 0   → deduction 1×2×1   = 2
     * 8.1.4.1c 关键×3: PASS                          → 1   → 0
     * 8.1.4.2a: MANUAL → unassessed; 8.1.4.3a: ERROR → unassessed; 8.1.4.4d: 不适用 → left out
     * 8.1.4.5  关键×3: FAIL(高, 重大风险隐患)          → 0   → deduction 3
     * 8.1.4.6  一般×1: PARTIAL(低)                    → 0.5 → deduction 0.5
     * total deduction 1.5+2+3+0.5 = 7 → score 93; scored 5, rate (0.5+0+1+0+0.5)/5 = 0.4
     */
    static Evaluation hostA() {
        return Evaluation.newBuilder().setHost("a")
                .addFindings(f("r1a-1", "8.1.4.1a", Status.PASS, Risk.NONE, false))
                .addFindings(f("r1a-2", "8.1.4.1a", Status.FAIL, Risk.MEDIUM, false))
                .addFindings(f("r1b", "8.1.4.1b", Status.FAIL, Risk.MEDIUM, false))
                .addFindings(f("r1c", "8.1.4.1c", Status.PASS, Risk.NONE, false))
                .addFindings(f("r2a", "8.1.4.2a", Status.MANUAL, Risk.NONE, false))
                .addFindings(f("r3a", "8.1.4.3a", Status.ERROR, Risk.NONE, false))
                .addFindings(f("r4d", "8.1.4.4d", Status.NOT_APPLICABLE, Risk.NONE, false))
                .addFindings(f("r5", "8.1.4.5", Status.FAIL, Risk.HIGH, true))
                .addFindings(f("r6", "8.1.4.6", Status.PARTIAL, Risk.LOW, false))
                .build();
    }

    @Test
    void hostScoreMatchesHandArithmetic() {
        HostScore s = scorer.score(new HostInput("a", "g", hostA(), Map.of()));
        assertEquals(5, s.scored());
        assertEquals(1, s.passed());
        assertEquals(2, s.partial());
        assertEquals(2, s.failed());
        assertEquals(1, s.notApplicable());
        assertEquals(List.of("8.1.4.2a", "8.1.4.3a"), s.unassessed());
        assertEquals(93.0, s.score2021(), EPS);
        assertEquals(0.4, s.complianceRate(), EPS);
        // an open high-risk finding forces 差 and 不符合 whatever the score
        assertEquals("差", s.band2021());
        assertFalse(s.passing2021());
        assertEquals("不符合", s.conclusion2025());
        assertEquals(1, s.highRiskOpen());
        assertEquals(2, s.mediumRiskOpen());
        assertEquals(List.of("r5"), s.majorHazards());
    }

    /** accepted_risk on r5: no high risk left, 2 medium (r1a-2, r1b) → 优 is barred by medium, 93 ≥ 80 → 良. */
    @Test
    void acceptedRiskNoLongerForcesBand() {
        HostScore s = scorer.score(new HostInput("a", "g", hostA(), Map.of("r5", "accepted_risk")));
        assertEquals(93.0, s.score2021(), EPS);   // the item is still 不符合: acceptance does not change the score
        assertEquals("良", s.band2021());
        assertTrue(s.passing2021());
        assertEquals(0, s.highRiskOpen());
        assertEquals(1, s.acceptedRisks());
        assertEquals(List.of(), s.majorHazards());
        assertEquals("不符合", s.conclusion2025());  // rate 0.4 < 0.7
    }

    /** not_applicable on r1a-2: 8.1.4.1a becomes PASS + N/A → 符合, deduction 7 − 1.5 = 5.5 → 94.5; rate 2.5/5 = 0.5. */
    @Test
    void notApplicableDecisionReRollsTheClause() {
        HostScore s = scorer.score(new HostInput("a", "g", hostA(), Map.of("r1a-2", "not_applicable")));
        assertEquals(94.5, s.score2021(), EPS);
        assertEquals(0.5, s.complianceRate(), EPS);
        assertEquals(1, s.mediumRiskOpen());
    }

    /**
     * Fix-first: high risk first, then score gained.
     * r5  (高): 8.1.4.5 FAIL→PASS gains 3 points; rate (2+1)/5 = 0.6 → +20 points
     * r1b (中): 8.1.4.1b FAIL→PASS gains 2; rate +1/5 → +20
     * r1a-2(中): 8.1.4.1a PARTIAL→PASS gains 3×0.5 = 1.5; rate +0.5/5 → +10
     * r6  (低): 8.1.4.6 PARTIAL→PASS gains 0.5; rate +10
     */
    @Test
    void fixFirstOrdersHighRiskThenPoints() {
        HostScore s = scorer.score(new HostInput("a", "g", hostA(), Map.of()));
        List<FixItem> fix = s.fixFirst();
        assertEquals(List.of("r5", "r1b", "r1a-2", "r6"), fix.stream().map(FixItem::ruleId).toList());
        assertEquals(3.0, fix.get(0).scoreGain(), EPS);
        assertEquals(20.0, fix.get(0).rateGainPoints(), EPS);
        assertTrue(fix.get(0).majorHazard());
        assertEquals(2.0, fix.get(1).scoreGain(), EPS);
        assertEquals(1.5, fix.get(2).scoreGain(), EPS);
        assertEquals(10.0, fix.get(2).rateGainPoints(), EPS);
        assertEquals(0.5, fix.get(3).scoreGain(), EPS);
    }

    @Test
    void engineClauseRollupIsUsedWhenPresent() {
        // The engine says 8.1.4.1a is FAIL (its call); without an operator decision we take it: deduction 3 not 1.5.
        Evaluation ev = hostA().toBuilder()
                .addClauses(ClauseResult.newBuilder().setClause("8.1.4.1a").setStatus(Status.FAIL)).build();
        assertEquals(91.5, scorer.score(new HostInput("a", "g", ev, Map.of())).score2021(), EPS);
    }

    /** Bands exactly at the catalog's cut-offs: 90 优, 80 良, 70 中, below 70 差; high risk → 差; medium bars 优. */
    @Test
    void bandBoundaries() {
        assertEquals("优", scorer.band(90, 0, 0));
        assertEquals("良", scorer.band(89.99, 0, 0));
        assertEquals("良", scorer.band(80, 0, 0));
        assertEquals("中", scorer.band(70, 0, 0));
        assertEquals("差", scorer.band(69.99, 0, 0));
        assertEquals("差", scorer.band(100, 1, 0));
        assertEquals("良", scorer.band(100, 0, 3));
        // cut-offs from the catalog: 符合 1.0, 基本符合 0.7
        assertEquals("符合", scorer.conclusion(30.0 / 30.0, 0, 0));
        assertEquals("基本符合", scorer.conclusion(29.0 / 30.0, 0, 0));
        assertEquals("基本符合", scorer.conclusion(21.0 / 30.0, 0, 0));   // 0.7 computed, not typed
        assertEquals("基本符合", scorer.conclusion(0.7, 0, 0));
        assertEquals("不符合", scorer.conclusion(0.69, 0, 0));
        assertEquals("不符合", scorer.conclusion(1.0, 1, 0));
        assertEquals("不符合", scorer.conclusion(1.0, 0, 1));
    }

    /** Every one of the 34 items failing (catalog: 6 关键, 14 重要, 14 一般): Σ weights = 18+28+14 = 60 → score 40. */
    @Test
    void allFailDeductsSumOfWeights() {
        Evaluation.Builder b = Evaluation.newBuilder().setHost("x");
        int n = 0;
        for (ClauseInfo c : scorer.clauses().items()) {
            b.addFindings(f("r" + n++, c.clause(), Status.FAIL, Risk.LOW, false));
        }
        HostScore s = scorer.score(new HostInput("x", "g", b.build(), Map.of()));
        assertEquals(34, s.scored());
        double sum = 0;
        for (ClauseInfo c : scorer.clauses().items()) {
            sum += scorer.template2021().weight(c.importance());
        }
        assertEquals(60.0, sum, EPS);
        assertEquals(40.0, s.score2021(), EPS);
        assertEquals(0.0, s.complianceRate(), EPS);
        assertEquals("差", s.band2021());
    }

    /** A file may override the catalog's numbers: 符合 at 0.4 turns host A (rate 0.4, r5 accepted) into 符合. */
    @Test
    void cutOffsCanBeOverridden(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("2025.yaml");
        Files.writeString(p, "conclusions:\n  - {name: 符合, min_rate: 0.4}\nfallback_conclusion: 不符合\n");
        Scorer custom = new Scorer(ClauseTable.builtIn(), Template2021.builtIn(), Template2025.load(p));
        assertEquals("符合", custom.score(new HostInput("a", "g", hostA(), Map.of("r5", "accepted_risk"))).conclusion2025());
        assertEquals("不符合", custom.score(new HostInput("a", "g", hostA(), Map.of())).conclusion2025());
    }

    /** base_deduction 2 from a file doubles host A's deduction: 100 − 14 = 86. */
    @Test
    void parametersAreData(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Path.of(getClass().getResource("/scoring/2021.yaml").toURI()))
                + "\nbase_deduction: 2.0\n";
        Path p = dir.resolve("2021.yaml");
        Files.writeString(p, yaml);
        Scorer custom = new Scorer(ClauseTable.builtIn(), Template2021.load(p), Template2025.builtIn());
        assertEquals(86.0, custom.score(new HostInput("a", "g", hostA(), Map.of())).score2021(), EPS);
    }

    /**
     * Group = mean of hosts. B passes everything it checks (8.1.4.1a, 8.1.4.1c) → 100, rate 1.
     * C: 8.1.4.1b FAIL 中 → 98, rate 0. Group {B, C}: mean 99 → medium open bars 优 → 良; mean rate 0.5 → 不符合.
     * Group {A, B}: mean (93+100)/2 = 96.5, A's high risk forces 差 and 不符合.
     */
    @Test
    void groupIsMeanOfHosts() {
        HostScore b = scorer.score(new HostInput("b", "g", Evaluation.newBuilder()
                .addFindings(f("x1", "8.1.4.1a", Status.PASS, Risk.NONE, false))
                .addFindings(f("x2", "8.1.4.1c", Status.PASS, Risk.NONE, false)).build(), Map.of()));
        HostScore c = scorer.score(new HostInput("c", "g", Evaluation.newBuilder()
                .addFindings(f("y", "8.1.4.1b", Status.FAIL, Risk.MEDIUM, false)).build(), Map.of()));
        HostScore a = scorer.score(new HostInput("a", "g", hostA(), Map.of()));
        assertEquals("优", b.band2021());
        assertEquals("符合", b.conclusion2025());
        GroupScore bc = scorer.group("g", List.of(b, c));
        assertEquals(99.0, bc.meanScore2021(), EPS);
        assertEquals("良", bc.band2021());
        assertEquals(0.5, bc.meanComplianceRate(), EPS);
        assertEquals("不符合", bc.conclusion2025());
        assertEquals(2, bc.hostsPassing2021());
        GroupScore ab = scorer.group("g", List.of(a, b));
        assertEquals(96.5, ab.meanScore2021(), EPS);
        assertEquals("差", ab.band2021());
        assertEquals("不符合", ab.conclusion2025());
        assertEquals(1, ab.majorHazards());
        assertEquals(2, ab.unassessedItems());
    }

    @Test
    void clauseRollupFollowsTheContract() {
        assertEquals(Status.PASS, ClauseRollup.rollUp(List.of(Status.PASS, Status.NOT_APPLICABLE)));
        assertEquals(Status.FAIL, ClauseRollup.rollUp(List.of(Status.FAIL, Status.MANUAL)));
        assertEquals(Status.PARTIAL, ClauseRollup.rollUp(List.of(Status.PASS, Status.FAIL)));
        assertEquals(Status.ERROR, ClauseRollup.rollUp(List.of(Status.PASS, Status.ERROR)));
        assertEquals(Status.MANUAL, ClauseRollup.rollUp(List.of(Status.MANUAL, Status.NOT_APPLICABLE)));
        assertEquals(Status.NOT_APPLICABLE, ClauseRollup.rollUp(List.of(Status.NOT_APPLICABLE)));
        assertEquals(Status.PARTIAL, ClauseRollup.rollUp(List.of(Status.PARTIAL)));
    }

    /** A host whose items are all MANUAL/ERROR/N/A has no score (not a flattering 100) and does not pull a group mean. */
    @Test
    void nothingScoredMeansNoScore() {
        HostScore none = scorer.score(new HostInput("m", "g", Evaluation.newBuilder()
                .addFindings(f("m1", "8.1.4.1d", Status.MANUAL, Risk.NONE, false))
                .addFindings(f("m2", "8.1.4.3a", Status.ERROR, Risk.NONE, false)).build(), Map.of()));
        assertTrue(Double.isNaN(none.score2021()));
        assertEquals(Scorer.UNSCORED, none.band2021());
        assertFalse(none.passing2021());
        assertEquals(List.of("8.1.4.1d", "8.1.4.3a"), none.unassessed());
        HostScore b = scorer.score(new HostInput("b", "g", Evaluation.newBuilder()
                .addFindings(f("x1", "8.1.4.1a", Status.PASS, Risk.NONE, false)).build(), Map.of()));
        GroupScore g = scorer.group("g", List.of(none, b));
        assertEquals(100.0, g.meanScore2021(), EPS);
        assertEquals(2, g.hosts());
        assertEquals(2, g.unassessedItems());
    }
}
