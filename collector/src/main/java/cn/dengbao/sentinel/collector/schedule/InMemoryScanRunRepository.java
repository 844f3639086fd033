package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** For tests and for running without a store; not persistent. */
public final class InMemoryScanRunRepository implements ScanRunRepository {

    private final Map<Long, ScanRun> rows = new TreeMap<>();
    private long nextId = 1;

    @Override
    public synchronized long start(Long scheduleId, Instant startedAt) {
        long id = nextId++;
        rows.put(id, new ScanRun(id, scheduleId, startedAt, null, 0, 0, null));
        return id;
    }

    @Override
    public synchronized void finish(long runId, Instant finishedAt, int hostsOk, int hostsFailed, String errorsJson) {
        ScanRun r = rows.get(runId);
        rows.put(runId, new ScanRun(runId, r.scheduleId(), r.startedAt(), finishedAt, hostsOk, hostsFailed, errorsJson));
    }

    @Override
    public synchronized List<ScanRun> recent(int limit) {
        List<ScanRun> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparingLong(ScanRun::id).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }
}
