package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.proto.Evaluation;

import java.util.Map;

/** Everything an export shows about one host: latest evaluation, score, asset record, findings lifecycle. */
public record HostReport(String host, String group, String scanId, Evaluation evaluation, HostScore score,
                         AssetRecord asset, Map<String, LifecycleRecord> lifecycle) {
    public HostReport {
        group = group == null ? "" : group;
        scanId = scanId == null ? "" : scanId;
        lifecycle = lifecycle == null ? Map.of() : lifecycle;
    }

    public LifecycleRecord lifecycle(String ruleId) {
        return lifecycle.get(ruleId);
    }
}
