package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.time.Times;

import java.time.Instant;

/**
 * An operator decision on one rule of one host, with who made it, when and why, and whether it is still in force
 * (a revoked decision keeps who revoked it, when and why). Read from the store (the findings row for the decision
 * in force, the finding's events for revoked ones); the exports write it beside the finding in every format.
 */
public record DecisionNote(String ruleId, Decision decision, String reason, String by, Instant at, boolean inForce,
                           Instant revokedAt, String revokedBy, String revokeReason) {
    public DecisionNote {
        reason = reason == null ? "" : reason;
        by = by == null ? "" : by;
        revokedBy = revokedBy == null ? "" : revokedBy;
        revokeReason = revokeReason == null ? "" : revokeReason;
    }

    /** A decision in force. */
    public static DecisionNote inForce(String ruleId, Decision decision, String reason, String by, Instant at) {
        return new DecisionNote(ruleId, decision, reason, by, at, true, null, null, null);
    }

    /** 风险已接受 / 不适用. */
    public String label() {
        return decision.label();
    }

    /** {@code accepted_risk} / {@code not_applicable}. */
    public String code() {
        return decision.code();
    }

    /** 有效 / 已撤销: whether the decision still holds. */
    public String stateLabel() {
        return inForce ? "有效" : "已撤销";
    }

    /** One line for a cell: 处置：风险已接受；理由：…；处置人：…；处置时间：…（有效 / 已撤销 by, at：why）. RAW text. */
    public String text(Times times) {
        StringBuilder b = new StringBuilder("处置：").append(label()).append("；理由：").append(reason)
                .append("；处置人：").append(by).append("；处置时间：").append(times.text(at));
        if (inForce) {
            b.append("（有效）");
        } else {
            b.append("（已撤销");
            if (revokedAt != null) {
                b.append("，").append(times.text(revokedAt));
            }
            if (!revokedBy.isEmpty()) {
                b.append("，").append(revokedBy);
            }
            if (!revokeReason.isEmpty()) {
                b.append("：").append(revokeReason);
            }
            b.append("）");
        }
        return b.toString();
    }
}
