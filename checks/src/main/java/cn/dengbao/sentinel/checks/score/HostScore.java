package cn.dengbao.sentinel.checks.score;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import java.util.List;

/**
 * Host-layer estimate of both report templates from one evaluation (standards.md, "Scoring and conclusion").
 * Only items the scan decided count: N/A items are left out; MANUAL and ERROR items are "pending" and reported
 * separately, because guessing them either way would make the estimate look more certain than it is.
 *
 * <p>2021: weighted compliance, 符合 1 / 部分符合 0.5 / 不符合 0, each item weighted by its importance factor
 * (关键 ×3, 重要 ×2, 一般 ×1 — catalog data), scaled to 100; band 优/良/中/差 with the risk conditions.
 * 2025: compliance rate = 符合 items / decided items; conclusion 不符合 on any major hazard, else by rate.
 */
public record HostScore(
        double score2021,
        String band2021,
        double complianceRate2025,
        String conclusion2025,
        int decidedItems,
        int pendingItems,
        int notApplicableItems,
        long highRiskFindings,
        long mediumRiskFindings,
        List<String> majorHazards) {

    public static HostScore of(Evaluation ev, ClauseCatalog catalog) {
        double weighted = 0;
        double weights = 0;
        int decided = 0, pending = 0, na = 0, passed = 0;
        for (ClauseResult c : ev.getClausesList()) {
            ClauseItem item = catalog.find(c.getClause()).orElse(null);
            if (item == null) {
                continue;  // outside the host catalog: not part of the 8.1.4 estimate
            }
            double w = catalog.weightFactor(item.weight()) * catalog.baseDeduction();
            switch (c.getStatus()) {
                case PASS -> { weighted += w; weights += w; decided++; passed++; }
                case PARTIAL -> { weighted += 0.5 * w; weights += w; decided++; }
                case FAIL -> { weights += w; decided++; }
                case NOT_APPLICABLE -> na++;
                default -> pending++;
            }
        }
        double score = weights == 0 ? 0 : Math.round(1000 * weighted / weights) / 10.0;
        double rate = decided == 0 ? 0 : (double) passed / decided;
        long high = ev.getFindingsList().stream().filter(f -> f.getRisk() == Risk.HIGH).count();
        long medium = ev.getFindingsList().stream().filter(f -> f.getRisk() == Risk.MEDIUM).count();
        List<String> hazards = ev.getFindingsList().stream().filter(Finding::getMajorHazard)
                .map(f -> f.getClause() + " " + f.getTitle()).toList();

        String band;
        if (high == 0 && medium == 0 && score >= catalog.band2021("优")) {
            band = "优";
        } else if (high == 0 && score >= catalog.band2021("良")) {
            band = "良";
        } else if (high == 0 && score >= catalog.band2021("中")) {
            band = "中";
        } else {
            band = "差";
        }
        String conclusion;
        if (!hazards.isEmpty()) {
            conclusion = "不符合";
        } else if (rate >= catalog.conclusion2025("符合")) {
            conclusion = "符合";
        } else if (rate >= catalog.conclusion2025("基本符合")) {
            conclusion = "基本符合";
        } else {
            conclusion = "不符合";
        }
        return new HostScore(score, band, Math.round(1000 * rate) / 1000.0, conclusion, decided, pending, na, high,
                medium, hazards);
    }

    /** 2021 template passes at 中 or better. */
    public boolean passes2021() {
        return !band2021.equals("差");
    }
}
