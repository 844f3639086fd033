package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;
import java.util.List;

/** Persistence of scan runs; the store implements it over table {@code scan_runs}. */
public interface ScanRunRepository {

    long start(Long scheduleId, Instant startedAt);

    void finish(long runId, Instant finishedAt, int hostsOk, int hostsFailed, String errorsJson);

    /** Newest first. */
    List<ScanRun> recent(int limit);
}
