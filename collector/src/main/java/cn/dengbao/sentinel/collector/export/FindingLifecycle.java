package cn.dengbao.sentinel.collector.export;

import java.time.Instant;

/**
 * The lifecycle of one finding on one host, as the store tracks it (first seen, fixed at, open, decision), and
 * whether it was ever a 重大风险隐患 — kept after the fix, for the rectification record.
 */
public record FindingLifecycle(Instant firstSeen, Instant fixedAt, boolean open, String decision, boolean majorHazard) {

    public FindingLifecycle(Instant firstSeen, Instant fixedAt, boolean open, String decision) {
        this(firstSeen, fixedAt, open, decision, false);
    }
}
