package cn.dengbao.sentinel.collector.kpi;

import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Risk;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpiCalculatorTest {
    private static final double EPS = 1e-9;
    private static final Instant AS_OF = Instant.parse("2026-03-31T00:00:00Z");
    private final KpiCalculator calc = new KpiCalculator(KpiTargets.defaults(), Times.of(ZoneOffset.UTC));

    static LifecycleRecord r(String group, String rule, Risk risk, String opened, String fixed, boolean open, String decision) {
        return new LifecycleRecord("h-" + rule, "host-" + rule, group, rule, "8.1.4.1a", risk, false,
                Instant.parse(opened), Instant.parse(opened), fixed == null ? null : Instant.parse(fixed), open, 0,
                decision == null ? null : Decision.parse(decision));
    }

    /**
     * g1: a fixed in 4 d (03-01→03-05), b fixed in 10 d (03-01→03-11, 高), c open since 01-01 (89 d, 高, overdue),
     *     d open since 03-20 (11 d), e accepted_risk (高, not counted open), f fixed in 2 d (02-01→02-03),
     *     g not_applicable (left out).
     * g2: h fixed in 30 d (02-27→03-29), i open since 02-28 (31 d > 30 → overdue).
     */
    static List<LifecycleRecord> records() {
        return List.of(
                r("g1", "a", Risk.MEDIUM, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z", false, null),
                r("g1", "b", Risk.HIGH, "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", false, null),
                r("g1", "c", Risk.HIGH, "2026-01-01T00:00:00Z", null, true, null),
                r("g1", "d", Risk.LOW, "2026-03-20T00:00:00Z", null, true, null),
                r("g1", "e", Risk.HIGH, "2026-01-10T00:00:00Z", null, true, "accepted_risk"),
                r("g1", "f", Risk.LOW, "2026-02-01T00:00:00Z", "2026-02-03T00:00:00Z", false, null),
                r("g1", "g", Risk.HIGH, "2026-01-01T00:00:00Z", null, true, "not_applicable"),
                r("g2", "h", Risk.LOW, "2026-02-27T00:00:00Z", "2026-03-29T00:00:00Z", false, null),
                r("g2", "i", Risk.MEDIUM, "2026-02-28T00:00:00Z", null, true, null));
    }

    /**
     * All time. Overall: open c,d,i = 3; fixed a,b,f,h = 4; fix rate 4/7; days [2,4,10,30] → median (4+10)/2 = 7,
     * worst 30; overdue c, i = 2; high open c = 1 (e is accepted); oldest open c: 89 days.
     */
    @Test
    void overallAllTime() {
        KpiReport k = calc.compute(records(), AS_OF, null);
        Kpi o = k.overall();
        assertEquals(3, o.open());
        assertEquals(4, o.fixed());
        assertEquals(1, o.accepted());
        assertEquals(4.0 / 7.0, o.fixRate(), EPS);
        assertFalse(o.fixRateMet());          // 57 % < 70 %
        assertEquals(7.0, o.medianDaysToFix(), EPS);
        assertEquals(30.0, o.worstDaysToFix(), EPS);
        assertEquals(2, o.overdue());
        assertEquals(1, o.highRiskOpen());
        assertFalse(o.highRiskMet());
        assertEquals(89.0, o.worstOpenDays(), EPS);
    }

    /** g1: open 2, fixed 3 → 60 %, days [2,4,10] → median 4, worst 10, overdue 1, high 1. g2: 1/2, median 30. */
    @Test
    void perGroup() {
        List<Kpi> gs = calc.compute(records(), AS_OF, null).groups();
        assertEquals(List.of("g1", "g2"), gs.stream().map(Kpi::group).toList());
        Kpi g1 = gs.get(0);
        assertEquals(2, g1.open());
        assertEquals(3, g1.fixed());
        assertEquals(0.6, g1.fixRate(), EPS);
        assertEquals(4.0, g1.medianDaysToFix(), EPS);
        assertEquals(10.0, g1.worstDaysToFix(), EPS);
        assertEquals(1, g1.overdue());
        assertEquals(1, g1.highRiskOpen());
        Kpi g2 = gs.get(1);
        assertEquals(0.5, g2.fixRate(), EPS);
        assertEquals(30.0, g2.medianDaysToFix(), EPS);
        assertEquals(1, g2.overdue());
        assertEquals(0, g2.highRiskOpen());
        assertTrue(g2.highRiskMet());
    }

    /** Since 03-01: f (fixed 02-03) drops out. open 3, fixed a,b,h = 3 → 50 %; days [4,10,30] → median 10. */
    @Test
    void sinceDropsFindingsFixedBeforeThePeriod() {
        Kpi o = calc.compute(records(), AS_OF, Instant.parse("2026-03-01T00:00:00Z")).overall();
        assertEquals(3, o.open());
        assertEquals(3, o.fixed());
        assertEquals(0.5, o.fixRate(), EPS);
        assertEquals(10.0, o.medianDaysToFix(), EPS);
    }

    /** Exactly 30 days open is not overdue (> 30); a reopened finding with an old fixed_at is open. 7 of 10 fixed meets 70 %. */
    @Test
    void boundariesAndReopen() {
        List<LifecycleRecord> rs = new java.util.ArrayList<>();
        rs.add(r("g", "x", Risk.LOW, "2026-03-01T00:00:00Z", null, true, null));
        rs.add(r("g", "y", Risk.HIGH, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", true, null)); // reopened
        for (int i = 0; i < 7; i++) {
            rs.add(r("g", "f" + i, Risk.LOW, "2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z", false, null));
        }
        rs.add(r("g", "z", Risk.LOW, "2026-03-30T00:00:00Z", null, true, null));
        Kpi o = calc.compute(rs, AS_OF, null).overall();
        assertEquals(3, o.open());
        assertEquals(7, o.fixed());
        assertEquals(0.7, o.fixRate(), EPS);
        assertTrue(o.fixRateMet());
        assertEquals(0, o.overdue());
        assertEquals(1, o.highRiskOpen());
    }

    /**
     * Days are calendar days in the collector's zone. Found at 23:30 and fixed at 00:30 Beijing time is one day in
     * Beijing (and none in UTC, where both are on 03-01); opened 00:30 on 03-01 Beijing time (02-28 in UTC) is 30
     * days old, not overdue, on 03-31 Beijing time, but 31 days, overdue, counted in UTC.
     */
    @Test
    void daysAreCalendarDaysInTheConfiguredZone() {
        List<LifecycleRecord> rs = List.of(
                r("g", "late", Risk.LOW, "2026-03-01T15:30:00Z", "2026-03-01T16:30:00Z", false, null),
                r("g", "old", Risk.LOW, "2026-02-28T16:30:00Z", null, true, null));
        Instant asOf = Instant.parse("2026-03-31T15:59:00Z");
        Kpi beijing = new KpiCalculator(KpiTargets.defaults(), Times.of(ZoneId.of("Asia/Shanghai")))
                .compute(rs, asOf, null).overall();
        assertEquals(1.0, beijing.medianDaysToFix(), EPS);
        assertEquals(30.0, beijing.worstOpenDays(), EPS);
        assertEquals(0, beijing.overdue());
        Kpi utc = calc.compute(rs, asOf, null).overall();
        assertEquals(0.0, utc.medianDaysToFix(), EPS);
        assertEquals(31.0, utc.worstOpenDays(), EPS);
        assertEquals(1, utc.overdue());
    }

    @Test
    void emptyHasNoRates() {
        Kpi o = calc.compute(List.of(), AS_OF, null).overall();
        assertEquals(0, o.open());
        assertTrue(Double.isNaN(o.fixRate()));
        assertTrue(Double.isNaN(o.medianDaysToFix()));
        assertTrue(o.fixRateMet());
    }

    /**
     * The plan's target is "≥ 70 % fixed within 30 days": a fix on day 30 is in time (h), one on day 31 is late.
     * Ten findings: seven fixed in 30 days or less, two late, one open → in time 7/10 = 70 % (met), while the overall
     * fix rate is 9/10. With one more late fix instead of an in-time one the plan's target is missed (6/10) although
     * every finding but one is fixed.
     */
    @Test
    void planTargetCountsOnlyFixesWithinThirtyDays() {
        List<LifecycleRecord> rs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rs.add(r("g", "quick" + i, Risk.MEDIUM, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z", false, null));
        }
        rs.add(r("g", "day30", Risk.MEDIUM, "2026-02-27T00:00:00Z", "2026-03-29T00:00:00Z", false, null));
        rs.add(r("g", "day31", Risk.MEDIUM, "2026-02-26T00:00:00Z", "2026-03-29T00:00:00Z", false, null));
        rs.add(r("g", "late", Risk.HIGH, "2026-01-01T00:00:00Z", "2026-03-20T00:00:00Z", false, null));
        rs.add(r("g", "open", Risk.LOW, "2026-03-25T00:00:00Z", null, true, null));
        Kpi o = calc.compute(rs, AS_OF, null).overall();
        assertEquals(9, o.fixed());
        assertEquals(7, o.fixedInTime());
        assertEquals(0.9, o.fixRate(), EPS);
        assertEquals(0.7, o.inTimeRate(), EPS);
        assertTrue(o.inTimeRateMet());

        rs.set(0, r("g", "quick0", Risk.MEDIUM, "2026-01-01T00:00:00Z", "2026-03-05T00:00:00Z", false, null));
        Kpi missed = calc.compute(rs, AS_OF, null).overall();
        assertEquals(0.9, missed.fixRate(), EPS);
        assertTrue(missed.fixRateMet());
        assertEquals(6, missed.fixedInTime());
        assertEquals(0.6, missed.inTimeRate(), EPS);
        assertFalse(missed.inTimeRateMet());
    }

    /** Nothing to fix: no rate (NaN) and the target counts as met, as for the overall fix rate. */
    @Test
    void inTimeRateWithNothingToFix() {
        Kpi o = calc.compute(List.of(), AS_OF, null).overall();
        assertTrue(Double.isNaN(o.inTimeRate()));
        assertTrue(o.inTimeRateMet());
    }
}
