package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.proto.Evaluation;

import java.util.Map;

/**
 * Everything an export shows about one host: latest evaluation, score, asset record, findings lifecycle, the
 * store's history (decisions with who/when/why, finding events) and the assessor's record built from them
 * ({@link #record()}: one row per 测评指标 — what every format writes).
 */
public record HostReport(String host, String group, String scanId, Evaluation evaluation, HostScore score,
                         AssetRecord asset, Map<String, LifecycleRecord> lifecycle, HostHistory history,
                         AssessorRecord record) {
    public HostReport {
        group = group == null ? "" : group;
        scanId = scanId == null ? "" : scanId;
        lifecycle = lifecycle == null ? Map.of() : lifecycle;
        history = history == null ? HostHistory.NONE : history;
    }

    public HostReport(String host, String group, String scanId, Evaluation evaluation, HostScore score,
                      AssetRecord asset, Map<String, LifecycleRecord> lifecycle) {
        this(host, group, scanId, evaluation, score, asset, lifecycle, HostHistory.NONE, null);
    }

    public LifecycleRecord lifecycle(String ruleId) {
        return lifecycle.get(ruleId);
    }

    HostReport withRecord(AssessorRecord r) {
        return new HostReport(host, group, scanId, evaluation, score, asset, lifecycle, history, r);
    }
}
