package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.ClauseTable;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.time.Times;

import java.time.Instant;
import java.util.List;

/**
 * The input of every export format: the hosts in scope with their scores, the group estimates, KPIs, and the
 * provenance the signed manifest repeats (collector id, tool version). {@code scope} is e.g. "分组 prod" or "主机 web-1".
 * {@code times}: how every format writes times (the collector's zone, written with them).
 */
public record ReportData(String scope, Instant generatedAt, String collectorId, String toolVersion,
                         List<HostReport> hosts, List<GroupScore> groups, KpiReport kpi, ClauseTable clauses,
                         String formula2021, String formula2025, Times times) {

    public List<String> scanIds() {
        return hosts.stream().map(HostReport::scanId).filter(s -> !s.isEmpty()).toList();
    }
}
