package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.score.Importance;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

import java.util.List;

/**
 * One 测评指标 (8.1.4 item) of one host in the assessor's record: 安全控制点, the standard's wording, 结果记录 (a
 * summary an assessor can paste, from the rules' results), 符合情况 (the item's status as scored: the engine's
 * roll-up, re-rolled after decisions — the same status the 2021 score and the 2025 符合率 are computed from),
 * 风险等级 (the highest open risk of its rules), 重大风险隐患, and the rules under it.
 * {@code status} is MANUAL for an item no rule could decide (需人工核查), ERROR when facts were missing.
 * {@code value2021}/{@code value2025}: the item's value in each template (NaN when not scored).
 */
public record ItemRow(String clause, String control, String indicator, Importance importance, String result,
                      Status status, Risk risk, boolean majorHazard, double value2021, double value2025,
                      double deduction2021, List<RuleRow> rules) {
    public ItemRow {
        rules = List.copyOf(rules);
    }

    /** 符合情况: 符合 / 部分符合 / 不符合 / 不适用 (需人工核查, 无法判定 for items nothing decided). */
    public String statusLabel() {
        return Labels.status(status);
    }

    /** 风险等级 of the open defects ("" when none is open). */
    public String riskLabel() {
        return risk == null || risk == Risk.UNRECOGNIZED || risk.getNumber() < Risk.LOW_VALUE ? "" : Labels.risk(risk);
    }

    public String majorHazardLabel() {
        return majorHazard ? "是" : "否";
    }

    public boolean scored() {
        return !Double.isNaN(value2021);
    }

    /** Rules whose risk is accepted by a decision in force. */
    public long acceptedRisks() {
        return rules.stream().filter(RuleRow::acceptedRisk).count();
    }

    /** The decisions in force on this item's rules, one line each (RAW). */
    public List<DecisionNote> decisions() {
        return rules.stream().map(RuleRow::decision).filter(java.util.Objects::nonNull).toList();
    }
}
