package cn.dengbao.sentinel.collector.kpi;

import java.time.Instant;
import java.util.List;

/** KPIs per group and overall, as of {@code asOf}, counting the period that starts at {@code since} (or all time). */
public record KpiReport(Instant asOf, Instant since, KpiTargets targets, Kpi overall, List<Kpi> groups) {
}
