package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** One run of a schedule (or a manual batch): how many hosts were scanned, and the errors as JSON. */
public record ScanRunRecord(long id, String scheduleId, Instant startedAt, Instant finishedAt, int hostsOk,
                            int hostsFailed, String errorsJson) {}
