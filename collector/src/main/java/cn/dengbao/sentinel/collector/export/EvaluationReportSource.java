package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-host {@link ReportData} from a single evaluation, for {@code evaluate --format xlsx|html}: the same
 * exporters as the store-backed {@code export}, but with no history. A single scan has no earlier sighting, so
 * every defect is first seen at the evaluation time and open, and the KPI section describes that one scan.
 */
public final class EvaluationReportSource {
    /** The collector id in the report header: no collector took part, the file was judged locally. */
    public static final String LOCAL_COLLECTOR = "本地评估（evaluate，无采集器）";

    private EvaluationReportSource() {
    }

    public static ReportData build(Facts facts, Evaluation ev, String group, Instant generatedAt, Times times) {
        Instant at = ev.getEvaluatedAtEpochMs() > 0 ? Instant.ofEpochMilli(ev.getEvaluatedAtEpochMs()) : generatedAt;
        String host = ev.getHost().isEmpty() ? facts.getHost().getHostname() : ev.getHost();
        String g = group == null ? "" : group;
        Map<String, LifecycleRecord> lifecycle = new HashMap<>();
        List<LifecycleRecord> records = new ArrayList<>();
        for (Finding f : ev.getFindingsList()) {
            if (f.getStatus() != Status.FAIL && f.getStatus() != Status.PARTIAL) {
                continue;
            }
            LifecycleRecord r = new LifecycleRecord(host, host, g, f.getRuleId(), f.getClause(), f.getRisk(),
                    f.getMajorHazard(), at, at, null, true, 0, null);
            lifecycle.put(f.getRuleId(), r);
            records.add(r);
        }
        HostSnapshot snapshot = new HostSnapshot(host, g, ev.getReportId(), ev, facts, lifecycle);
        return new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), times), times)
                .build("主机 " + host + "（单次评估）", List.of(snapshot), records, generatedAt, at, null,
                        LOCAL_COLLECTOR, ToolInfo.VERSION);
    }
}
