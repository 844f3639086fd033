package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.score.HostInput;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

import java.util.HashMap;
import java.util.Map;

/**
 * A host's latest scan as read from the store (or built by hand): evaluation, facts (may be null), lifecycle, and
 * the history the store keeps (decisions with who/when/why, finding events; {@link HostHistory#NONE} when none).
 */
public record HostSnapshot(String host, String group, String scanId, Evaluation evaluation, Facts facts,
                           Map<String, LifecycleRecord> lifecycle, HostHistory history) {
    public HostSnapshot {
        history = history == null ? HostHistory.NONE : history;
    }

    public HostSnapshot(String host, String group, String scanId, Evaluation evaluation, Facts facts,
                        Map<String, LifecycleRecord> lifecycle) {
        this(host, group, scanId, evaluation, facts, lifecycle, HostHistory.NONE);
    }

    /** What the scorer needs: the evaluation and the operator decisions (rule id → decision code) in force. */
    public HostInput scoreInput() {
        Map<String, String> decisions = new HashMap<>();
        if (lifecycle != null) {
            lifecycle.forEach((rule, l) -> {
                if (l.decision() != null) {
                    decisions.put(rule, l.decisionCode());
                }
            });
        }
        return new HostInput(host, group, evaluation, decisions);
    }
}
