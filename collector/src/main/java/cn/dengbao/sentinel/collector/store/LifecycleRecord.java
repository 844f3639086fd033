package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Risk;
import java.time.Instant;

/** A finding's lifecycle as KPIs need it (time to fix, open by risk, waived). */
public record LifecycleRecord(String hostId, String hostName, String group, String ruleId, String clause,
                              Risk risk, boolean majorHazard, Instant firstSeenAt, Instant openedAt,
                              Instant fixedAt, boolean open, int reopenCount, Decision decision) {}
