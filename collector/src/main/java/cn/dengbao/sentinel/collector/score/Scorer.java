package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.engine.ClauseOrder;
import cn.dengbao.sentinel.checks.engine.ClauseRollup;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host-layer estimates of a level-3 assessment over the 8.1.4 items evaluated: the 2021 template's score and
 * band, the 2025 template's compliance rate, conclusion and 重大风险隐患. Pure: same input, same output.
 */
public final class Scorer {
    /** Band and conclusion of a host none of whose items could be scored. */
    public static final String UNSCORED = "无法估算";

    private final ClauseTable clauses;
    private final Template2021 t2021;
    private final Template2025 t2025;

    public Scorer(ClauseTable clauses, Template2021 t2021, Template2025 t2025) {
        this.clauses = clauses;
        this.t2021 = t2021;
        this.t2025 = t2025;
    }

    public static Scorer builtIn() {
        return new Scorer(ClauseTable.builtIn(), Template2021.builtIn(), Template2025.builtIn());
    }

    public Template2021 template2021() {
        return t2021;
    }

    public Template2025 template2025() {
        return t2025;
    }

    public ClauseTable clauses() {
        return clauses;
    }

    public HostScore score(HostInput in) {
        // Rule statuses per scored clause, with an operator's not_applicable decision applied.
        Map<String, Map<String, Status>> byClause = new TreeMap<>();
        Map<String, Boolean> decidedNa = new HashMap<>();
        for (Finding f : in.evaluation().getFindingsList()) {
            if (!clauses.contains(f.getClause())) {
                continue;
            }
            Status counted = CountingRule.countedStatus(f.getStatus(), in.decision(f.getRuleId()));
            boolean na = counted != f.getStatus();
            byClause.computeIfAbsent(f.getClause(), k -> new LinkedHashMap<>()).put(f.getRuleId(), counted);
            if (na) {
                decidedNa.put(f.getClause(), true);
            }
        }
        Map<String, Status> engineRollup = new HashMap<>();
        for (ClauseResult c : in.evaluation().getClausesList()) {
            engineRollup.put(c.getClause(), c.getStatus());
        }
        java.util.Set<String> evaluated = new java.util.TreeSet<>(byClause.keySet());
        for (String c : engineRollup.keySet()) {
            if (clauses.contains(c)) {
                evaluated.add(c);
            }
        }

        List<ItemResult> items = new ArrayList<>();
        int passed = 0, partial = 0, failed = 0, na = 0;
        List<String> unassessed = new ArrayList<>();
        double deduction = 0, valueSum = 0;
        for (ClauseInfo info : clauses.items()) {
            if (!evaluated.contains(info.clause())) {
                continue;
            }
            Map<String, Status> rules = byClause.get(info.clause());
            // The engine's roll-up is authoritative unless an operator decision changed a rule's status; then the
            // item is rolled up again by the engine's own rule (ClauseRollup), so a decision can never turn an item
            // the engine leaves to the assessor (需人工核查) into 部分符合.
            Status st = engineRollup.containsKey(info.clause()) && !decidedNa.containsKey(info.clause())
                    ? engineRollup.get(info.clause())
                    : ClauseRollup.rollUp(rules == null ? List.of() : rules.values());
            double v = value(st, t2021.partialValue());
            double d = Double.isNaN(v) ? 0 : itemDeduction(info.importance(), v);
            items.add(new ItemResult(info.clause(), info.control(), info.importance(), st, v, d));
            switch (st) {
                case PASS -> passed++;
                case PARTIAL -> partial++;
                case FAIL -> failed++;
                case NOT_APPLICABLE -> na++;
                default -> unassessed.add(info.clause());
            }
            if (!Double.isNaN(v)) {
                deduction += d;
                valueSum += value(st, t2025.partialValue());
            }
        }
        int scored = passed + partial + failed;
        double rawScore = Math.max(t2021.minScore(), 100.0 - deduction);
        double score = rawScore;
        double rate = scored == 0 ? Double.NaN : valueSum / scored;

        int high = 0, medium = 0, accepted = 0;
        List<String> hazards = new ArrayList<>();
        for (Finding f : in.evaluation().getFindingsList()) {
            if (CountingRule.acceptedRisk(f.getStatus(), in.decision(f.getRuleId()))) {
                accepted++;
                continue;
            }
            if (!CountingRule.openRisk(f.getStatus(), in.decision(f.getRuleId()))) {
                continue;
            }
            if (f.getRisk() == Risk.HIGH) {
                high++;
                if (f.getMajorHazard()) {
                    hazards.add(f.getRuleId());
                }
            } else if (f.getRisk() == Risk.MEDIUM) {
                medium++;
            }
        }
        if (scored == 0) {
            // nothing could be scored (all unassessed / not applicable): no number rather than a flattering 100
            score = Double.NaN;
        }
        String band = scored == 0 ? UNSCORED : band(score, high, medium);
        String conclusion = scored == 0 ? UNSCORED : conclusion(rate, high, hazards.size());
        List<FixItem> fixFirst = fixFirst(in, byClause, items, rawScore, scored, valueSum);
        return new HostScore(in.host(), in.group(), List.copyOf(items), scored, passed, partial, failed, na,
                List.copyOf(unassessed), score, band, t2021.passingBands().contains(band), rate, conclusion,
                high, medium, accepted, List.copyOf(hazards), fixFirst);
    }

    /** Group = mean of hosts (see {@link GroupScore} for why), high risk on any host forces the group down. */
    public GroupScore group(String group, List<HostScore> hosts) {
        double scoreSum = 0, rateSum = 0;
        int rated = 0, high = 0, medium = 0, hazards = 0, unassessed = 0, passing = 0;
        int scoredHosts = 0;
        for (HostScore h : hosts) {
            if (!Double.isNaN(h.score2021())) {
                scoreSum += h.score2021();
                scoredHosts++;
            }
            if (!Double.isNaN(h.complianceRate())) {
                rateSum += h.complianceRate();
                rated++;
            }
            high += h.highRiskOpen();
            medium += h.mediumRiskOpen();
            hazards += h.majorHazards().size();
            unassessed += h.unassessed().size();
            if (h.passing2021()) {
                passing++;
            }
        }
        double mean = scoredHosts == 0 ? Double.NaN : scoreSum / scoredHosts;
        double meanRate = rated == 0 ? Double.NaN : rateSum / rated;
        String band = scoredHosts == 0 ? UNSCORED : band(mean, high, medium);
        String conclusion = rated == 0 ? UNSCORED : conclusion(meanRate, high, hazards);
        return new GroupScore(group, hosts.size(), mean, band, t2021.passingBands().contains(band), passing,
                meanRate, conclusion, high, medium, hazards, unassessed);
    }

    public String band(double score, int highOpen, int mediumOpen) {
        for (Template2021.Band b : t2021.bands()) {
            boolean blocked = (b.forbidRisks().contains(Risk.HIGH) && highOpen > 0)
                    || (b.forbidRisks().contains(Risk.MEDIUM) && mediumOpen > 0);
            if (!blocked && score >= b.minScore()) {
                return b.name();
            }
        }
        return t2021.fallbackBand();
    }

    public String conclusion(double rate, int highOpen, int majorHazards) {
        if (highOpen > 0 || majorHazards > 0 || Double.isNaN(rate)) {
            return t2025.fallbackConclusion();
        }
        for (Template2025.Conclusion c : t2025.conclusions()) {
            // a small tolerance so 0.9 computed as 27/30 is not lost to floating-point error
            if (rate + 1e-9 >= c.minRate()) {
                return c.name();
            }
        }
        return t2025.fallbackConclusion();
    }

    private double itemDeduction(Importance imp, double value) {
        return t2021.baseDeduction() * t2021.weight(imp) * (1.0 - value);
    }

    private static double value(Status s, double partialValue) {
        return switch (s) {
            case PASS -> 1.0;
            case PARTIAL -> partialValue;
            case FAIL -> 0.0;
            default -> Double.NaN;
        };
    }

    /**
     * Each open defect's worth: re-roll its clause with that one rule passing (the engine's roll-up) and take the
     * difference from the item as scored. An item that would then await the assessor (需人工核查) or stay in error
     * is not scored, so no gain is claimed for it. High-risk findings come first (重大风险隐患 before the rest),
     * then by score gained.
     */
    private List<FixItem> fixFirst(HostInput in, Map<String, Map<String, Status>> byClause, List<ItemResult> items,
                                   double score, int scored, double valueSum) {
        Map<String, ItemResult> itemByClause = new HashMap<>();
        for (ItemResult r : items) {
            itemByClause.put(r.clause(), r);
        }
        double rawDeduction = 0;
        for (ItemResult r : items) {
            rawDeduction += r.deduction();
        }
        List<FixItem> out = new ArrayList<>();
        for (Finding f : in.evaluation().getFindingsList()) {
            if (!CountingRule.openRisk(f.getStatus(), in.decision(f.getRuleId()))) {
                continue;
            }
            double scoreGain = 0, rateGain = 0;
            ItemResult item = itemByClause.get(f.getClause());
            Map<String, Status> rules = byClause.get(f.getClause());
            if (item != null && rules != null) {
                Map<String, Status> fixed = new LinkedHashMap<>(rules);
                fixed.put(f.getRuleId(), Status.PASS);
                Status before = item.status();
                Status after = ClauseRollup.rollUp(fixed.values());
                double v2021Before = value(before, t2021.partialValue());
                double v2021After = value(after, t2021.partialValue());
                if (!Double.isNaN(v2021After)) {
                    double dBefore = Double.isNaN(v2021Before) ? 0 : itemDeduction(item.importance(), v2021Before);
                    double dAfter = itemDeduction(item.importance(), v2021After);
                    double newScore = Math.max(t2021.minScore(), 100.0 - (rawDeduction - dBefore + dAfter));
                    scoreGain = newScore - score;
                    double vBefore = value(before, t2025.partialValue());
                    double vAfter = value(after, t2025.partialValue());
                    int newScored = Double.isNaN(vBefore) ? scored + 1 : scored;
                    double newSum = valueSum - (Double.isNaN(vBefore) ? 0 : vBefore) + vAfter;
                    double oldRate = scored == 0 ? 0 : valueSum / scored;
                    rateGain = (newSum / newScored - oldRate) * 100.0;
                }
            }
            out.add(new FixItem(in.host(), f.getRuleId(), f.getClause(), f.getTitle(), f.getRisk(),
                    f.getRisk() == Risk.HIGH && f.getMajorHazard(), scoreGain, rateGain));
        }
        out.sort(FIX_ORDER);
        return List.copyOf(out);
    }

    /** High risk first (major hazards first among them), then by points gained, then by risk, clause, rule. */
    public static final Comparator<FixItem> FIX_ORDER = Comparator
            .comparing((FixItem x) -> x.risk() != Risk.HIGH)
            .thenComparing(x -> !x.majorHazard())
            .thenComparing(Comparator.comparingDouble(FixItem::scoreGain).reversed())
            .thenComparing(Comparator.comparingDouble(FixItem::rateGainPoints).reversed())
            .thenComparing(x -> -x.risk().getNumber())
            .thenComparing(FixItem::clause, ClauseOrder.CLAUSES)
            .thenComparing(FixItem::ruleId, ClauseOrder.CLAUSES)
            .thenComparing(FixItem::host);

}
