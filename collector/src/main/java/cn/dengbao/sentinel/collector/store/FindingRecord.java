package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.time.Instant;

/**
 * A finding's lifecycle on one host: first seen (first failing scan), opened at (first seen, or the last
 * reopening), last seen failing, fixed at (scan time of the first later PASS/N/A; null while open), and the
 * operator decision if any. {@code status} and {@code risk} are the latest failing verdict's.
 */
public record FindingRecord(String hostId, String ruleId, String clause, String title, Status status, Risk risk,
                            boolean majorHazard, Instant firstSeenAt, Instant openedAt, Instant lastSeenAt,
                            Instant fixedAt, boolean open, int reopenCount, Long lastScanId, Decision decision,
                            String decisionReason, String decisionBy, Instant decisionAt) {

    /** Open and not waived by an operator decision: what still counts against the host. */
    public boolean actionable() {
        return open && decision == null;
    }
}
