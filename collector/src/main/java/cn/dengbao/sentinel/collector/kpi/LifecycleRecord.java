package cn.dengbao.sentinel.collector.kpi;

import cn.dengbao.sentinel.proto.Risk;

import java.time.Instant;

/**
 * One finding's lifecycle as the store keeps it (host, rule, first seen, fixed at, open, operator decision).
 * A reopened finding is {@code open} even though {@code fixedAt} may still hold its earlier fix: {@code open} wins.
 */
public record LifecycleRecord(String hostId, String host, String group, String ruleId, String clause, Risk risk,
                              Instant openedAt, Instant fixedAt, boolean open, String decision) {
    public LifecycleRecord {
        group = group == null ? "" : group;
    }

    public boolean accepted() {
        return "accepted_risk".equals(decision);
    }

    public boolean decidedNotApplicable() {
        return "not_applicable".equals(decision);
    }
}
