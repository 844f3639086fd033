package cn.dengbao.sentinel.collector.export;

import java.time.Instant;

/** The lifecycle of one finding on one host, as the store tracks it (first seen, fixed at, open, decision). */
public record FindingLifecycle(Instant firstSeen, Instant fixedAt, boolean open, String decision) {
}
