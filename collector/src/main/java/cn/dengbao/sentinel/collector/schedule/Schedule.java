package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;

/**
 * A persisted schedule (table {@code schedules}). {@code lastRunAt} is when it last became due and was handled
 * (run or skipped); {@code runningSince} is set while a run is in progress.
 */
public record Schedule(long id, String group, String cron, ScanKind kind, Instant createdAt, Instant lastRunAt, Instant runningSince) {
}
