package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scores every host, groups them, computes KPIs and assembles the data every export format writes. */
public final class ReportBuilder {
    private final Scorer scorer;
    private final KpiCalculator kpi;
    private final Times times;

    /** {@code times}: how the report writes times; the KPI calculator counts days in the same zone. */
    public ReportBuilder(Scorer scorer, KpiCalculator kpi, Times times) {
        this.scorer = scorer;
        this.kpi = kpi;
        this.times = times;
    }

    public ReportData build(String scope, Collection<HostSnapshot> snapshots, Collection<LifecycleRecord> lifecycle,
                            Instant now, Instant kpiSince, String collectorId, String toolVersion) {
        return build(scope, snapshots, lifecycle, now, now, kpiSince, collectorId, toolVersion);
    }

    /** {@code asOf}: the moment the figures describe (KPI ages count to it); {@code generatedAt}: when the export is made. */
    public ReportData build(String scope, Collection<HostSnapshot> snapshots, Collection<LifecycleRecord> lifecycle,
                            Instant generatedAt, Instant asOf, Instant kpiSince, String collectorId, String toolVersion) {
        Instant now = asOf;
        List<HostReport> hosts = new ArrayList<>();
        Map<String, List<HostScore>> byGroup = new TreeMap<>();
        for (HostSnapshot s : snapshots) {
            Map<String, LifecycleRecord> lc = s.lifecycle() == null ? Map.of() : s.lifecycle();
            HostScore score = scorer.score(s.scoreInput());
            AssetRecord asset = s.facts() == null ? null : AssetRecord.from(s.host(), s.facts());
            hosts.add(new HostReport(s.host(), s.group(), s.scanId(), s.evaluation(), score, asset, lc, s.history(),
                    null));
            byGroup.computeIfAbsent(score.group(), g -> new ArrayList<>()).add(score);
        }
        List<GroupScore> groups = new ArrayList<>();
        byGroup.forEach((g, list) -> groups.add(scorer.group(g, list)));
        KpiReport k = kpi.compute(lifecycle, now, kpiSince);
        hosts.replaceAll(h -> h.withRecord(AssessorRecords.build(h, scorer.clauses(), times,
                scorer.template2025().partialValue(), k.targets().overdueDays(), now)));
        return new ReportData(scope, generatedAt, collectorId, toolVersion, List.copyOf(hosts), List.copyOf(groups), k,
                scorer.clauses(), scorer.template2021().formula(), scorer.template2025().formula(), times);
    }

    /** Lifecycle records → per-host-name maps keyed by rule id, for hosts built by hand or from the store. */
    public static Map<String, Map<String, LifecycleRecord>> byHost(Collection<LifecycleRecord> records) {
        Map<String, Map<String, LifecycleRecord>> m = new LinkedHashMap<>();
        for (LifecycleRecord r : records) {
            m.computeIfAbsent(r.hostName(), h -> new HashMap<>()).put(r.ruleId(), r);
        }
        return m;
    }
}
