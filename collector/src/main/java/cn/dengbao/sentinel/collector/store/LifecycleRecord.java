package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Risk;
import java.time.Instant;

/**
 * One finding's lifecycle on one host, with the host's name and group: what the KPIs (time to fix, open by risk,
 * accepted) and the exports' 测评记录 (首次发现, 整改状态) need. {@code openedAt} is the latest (re)opening;
 * a reopened finding is {@code open} even though {@code fixedAt} may still hold its earlier fix: {@code open} wins.
 * Whether the finding was ever a 重大风险隐患 is kept after the fix, for the rectification record.
 */
public record LifecycleRecord(String hostId, String hostName, String group, String ruleId, String clause,
                              Risk risk, boolean majorHazard, Instant firstSeenAt, Instant openedAt,
                              Instant fixedAt, boolean open, int reopenCount, Decision decision) {
    public LifecycleRecord {
        group = group == null ? "" : group;
    }

    /** The same finding as it stood at another time: fixed or not, open or not, decided or not. */
    public LifecycleRecord as(Instant fixedAt, boolean open, Decision decision) {
        return new LifecycleRecord(hostId, hostName, group, ruleId, clause, risk, majorHazard, firstSeenAt, openedAt,
                fixedAt, open, reopenCount, decision);
    }

    public boolean accepted() {
        return decision == Decision.ACCEPTED_RISK;
    }

    public boolean decidedNotApplicable() {
        return decision == Decision.NOT_APPLICABLE;
    }

    /** The decision's code ({@code accepted_risk}, {@code not_applicable}) or null. */
    public String decisionCode() {
        return decision == null ? null : decision.code();
    }
}
