package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** A recurring scan of a group. kind: ssh, agent or all. {@code runningSince} is set while a run holds it. */
public record ScheduleRecord(String id, String group, String cron, String kind, Instant createdAt,
                             Instant lastRunAt, Instant runningSince) {}
