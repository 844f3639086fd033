package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Status;
import java.util.Collection;

/**
 * A clause's status from its rules' statuses (RULES-FORMAT.md): NOT_APPLICABLE rules are set aside; then all
 * PASS → PASS; none PASS and at least one FAIL → FAIL; any ERROR (and no FAIL) → ERROR; only PASS and MANUAL
 * (at least one MANUAL) → MANUAL; otherwise PARTIAL. No rules at all → MANUAL (nothing automated to decide it);
 * only N/A → NOT_APPLICABLE. Passing automated rules do not make a clause whose manual part is still open
 * "部分符合": nothing has been found wrong, and the assessor's check decides it, so it scores as unassessed.
 * The only roll-up in the product: the engine's clause results, and the collector's re-roll of an item after an
 * operator decision or a simulated fix ("fix first"), both come from here so they can never disagree.
 */
public final class ClauseRollup {
    private ClauseRollup() {}

    public static Status rollUp(Collection<Status> statuses) {
        if (statuses.isEmpty()) {
            return Status.MANUAL;
        }
        boolean pass = false, fail = false, error = false, other = false;
        int considered = 0;
        int manual = 0;
        for (Status s : statuses) {
            switch (s) {
                case NOT_APPLICABLE -> { continue; }
                case PASS -> pass = true;
                case FAIL -> fail = true;
                case ERROR -> error = true;
                case MANUAL -> manual++;
                default -> other = true;
            }
            considered++;
        }
        if (considered == 0) {
            return Status.NOT_APPLICABLE;
        }
        if (pass && !fail && !error && !other && manual == 0) {
            return Status.PASS;
        }
        if (!pass && fail) {
            return Status.FAIL;
        }
        if (error && !fail) {
            return Status.ERROR;
        }
        if (!fail && !error && !other && manual > 0) {
            return Status.MANUAL;
        }
        return Status.PARTIAL;
    }
}
