package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.proto.Status;

import java.util.Collection;

/**
 * Clause roll-up as the rule-format contract defines it, needed here because an operator's
 * "not applicable" decision on one rule, or a simulated fix, changes an item's status.
 */
public final class ClauseRollup {
    private ClauseRollup() {
    }

    public static Status rollUp(Collection<Status> ruleStatuses) {
        int pass = 0, fail = 0, error = 0, manual = 0, na = 0;
        for (Status s : ruleStatuses) {
            switch (s) {
                case PASS -> pass++;
                case FAIL -> fail++;
                case ERROR -> error++;
                case MANUAL -> manual++;
                case NOT_APPLICABLE -> na++;
                default -> { }
            }
        }
        int total = ruleStatuses.size();
        if (total == 0 || na == total) {
            return Status.NOT_APPLICABLE;
        }
        int counted = total - na;   // not-applicable rules do not spoil an otherwise passing clause
        if (pass == counted) {
            return Status.PASS;
        }
        if (pass == 0 && fail > 0) {
            return Status.FAIL;
        }
        if (error > 0 && fail == 0) {
            return Status.ERROR;
        }
        if (manual == counted) {
            return Status.MANUAL;
        }
        return Status.PARTIAL;
    }
}
