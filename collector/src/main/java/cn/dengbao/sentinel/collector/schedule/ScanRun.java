package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;

/** One recorded run (table {@code scan_runs}); {@code scheduleId} is null for a run started by hand. */
public record ScanRun(long id, Long scheduleId, Instant startedAt, Instant finishedAt, int hostsOk, int hostsFailed, String errorsJson) {
}
