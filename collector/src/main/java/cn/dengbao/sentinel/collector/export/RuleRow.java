package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.score.CountingRule;
import cn.dengbao.sentinel.proto.Status;

import java.util.List;

/**
 * One rule under a 测评指标 in the assessor's record (a detail row): the rule's result as {@link FindingRow} (evidence
 * with file:line, remediation, 首次发现, 整改状态), the status it COUNTS with ({@link CountingRule}), the decision in
 * force (null when none) and every decision ever made on it (revoked ones included).
 */
public record RuleRow(FindingRow finding, Status counted, DecisionNote decision, List<DecisionNote> decisions) {
    public RuleRow {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    public String ruleId() {
        return finding.ruleId();
    }

    /** A defect counted among the open risks (not set aside, not accepted) — see {@link CountingRule}. */
    public boolean openRisk() {
        return CountingRule.openRisk(finding.status(), decisionCode());
    }

    /** A defect whose risk is accepted by a decision in force. */
    public boolean acceptedRisk() {
        return CountingRule.acceptedRisk(finding.status(), decisionCode());
    }

    /** The decision code in force, or null. */
    public String decisionCode() {
        return decision == null ? null : decision.code();
    }

    /** 符合情况 as counted: the verdict, or 不适用 when a decision set the rule aside. */
    public String countedLabel() {
        return Labels.status(counted);
    }
}
