package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.proto.Evaluation;

import java.util.Map;

/**
 * What the scorer needs about one host: its latest evaluation and the operator's decisions on findings
 * (rule id → {@code accepted_risk} or {@code not_applicable}), from the store's findings lifecycle.
 */
public record HostInput(String host, String group, Evaluation evaluation, Map<String, String> decisions) {
    public static final String ACCEPTED_RISK = Labels.ACCEPTED_RISK;
    public static final String NOT_APPLICABLE = Labels.NOT_APPLICABLE;

    public HostInput {
        group = group == null ? "" : group;
        decisions = decisions == null ? Map.of() : Map.copyOf(decisions);
    }

    public String decision(String ruleId) {
        return decisions.get(ruleId);
    }
}
