package cn.dengbao.sentinel.collector.kpi;

/** Rectification targets: fix rate ≥ 70 %, no open high risk, an open finding older than 30 days is overdue. */
public record KpiTargets(double minFixRate, int maxHighRiskOpen, int overdueDays) {
    public static KpiTargets defaults() {
        return new KpiTargets(0.70, 0, 30);
    }
}
