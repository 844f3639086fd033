package cn.dengbao.sentinel.collector.kpi;

import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure KPI arithmetic over lifecycle records.
 * <ul>
 *   <li>Population for a period starting at {@code since}: every finding still open, plus every finding fixed at
 *       or after {@code since} (a finding fixed before the period is old news). Without {@code since}: all.</li>
 *   <li>Operator decisions: {@code not_applicable} findings are left out entirely; {@code accepted_risk} ones are
 *       counted as "accepted" and kept out of open, overdue, high-risk open and the fix rate.</li>
 *   <li>fix rate = fixed / (fixed + open); days to fix = calendar days from the day it was opened to the day it
 *       was fixed, in the collector's zone ({@link Times#daysBetween}): found late on the 1st and fixed early on
 *       the 2nd is one day, as an assessor counting dates would say.</li>
 *   <li>overdue = open and opened more than {@code overdueDays} calendar days before the day of {@code asOf}.</li>
 *   <li>in-time rate = fixed within {@code overdueDays} days / (fixed + open): the plan's "≥ 70 % fixed within 30
 *       days" (a fix on day 30 is in time, on day 31 it is late).</li>
 * </ul>
 */
public final class KpiCalculator {
    private final KpiTargets targets;
    private final Times times;

    /** {@code times}: the zone whose calendar days are counted. */
    public KpiCalculator(KpiTargets targets, Times times) {
        this.targets = targets;
        this.times = times;
    }

    public KpiReport compute(Collection<LifecycleRecord> records, Instant asOf, Instant since) {
        List<LifecycleRecord> selected = new ArrayList<>();
        for (LifecycleRecord r : records) {
            if (r.decidedNotApplicable()) {
                continue;
            }
            if (since != null && !r.open() && (r.fixedAt() == null || r.fixedAt().isBefore(since))) {
                continue;
            }
            selected.add(r);
        }
        Map<String, List<LifecycleRecord>> byGroup = new TreeMap<>();
        for (LifecycleRecord r : selected) {
            byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
        List<Kpi> groups = new ArrayList<>();
        byGroup.forEach((g, rs) -> groups.add(kpi(g, rs, asOf)));
        return new KpiReport(asOf, since, targets, kpi(null, selected, asOf), List.copyOf(groups));
    }

    Kpi kpi(String group, List<LifecycleRecord> rs, Instant asOf) {
        int open = 0, fixed = 0, accepted = 0, overdue = 0, highOpen = 0, inTime = 0;
        List<Double> days = new ArrayList<>();
        double worstOpen = 0;
        for (LifecycleRecord r : rs) {
            if (r.accepted()) {
                accepted++;
                continue;
            }
            if (r.open()) {
                open++;
                double age = days(r.openedAt(), asOf);
                worstOpen = Math.max(worstOpen, age);
                if (age > targets.overdueDays()) {
                    overdue++;
                }
                if (r.risk() == Risk.HIGH) {
                    highOpen++;
                }
            } else if (r.fixedAt() != null) {
                fixed++;
                double took = days(r.openedAt(), r.fixedAt());
                days.add(took);
                if (took <= targets.overdueDays()) {
                    inTime++;
                }
            }
        }
        double rate = open + fixed == 0 ? Double.NaN : (double) fixed / (open + fixed);
        days.sort(Double::compare);
        double median = days.isEmpty() ? Double.NaN : median(days);
        double worst = days.isEmpty() ? Double.NaN : days.get(days.size() - 1);
        // No finding at all to fix counts as meeting the fix-rate target.
        boolean rateMet = Double.isNaN(rate) || rate + 1e-12 >= targets.minFixRate();
        double inTimeRate = open + fixed == 0 ? Double.NaN : (double) inTime / (open + fixed);
        boolean inTimeMet = Double.isNaN(inTimeRate) || inTimeRate + 1e-12 >= targets.minFixRate();
        return new Kpi(group, open, fixed, accepted, rate, median, worst, overdue, highOpen, worstOpen,
                rateMet, highOpen <= targets.maxHighRiskOpen(), inTime, inTimeRate, inTimeMet);
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private double days(Instant from, Instant to) {
        if (from == null || to == null) {
            return 0;
        }
        return times.daysBetween(from, to);
    }
}
