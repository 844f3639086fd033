package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** For tests and for running without a store; not persistent. */
public final class InMemoryScheduleRepository implements ScheduleRepository {

    private final Map<Long, Schedule> rows = new TreeMap<>();
    private long nextId = 1;

    @Override
    public synchronized Schedule add(String group, String cron, ScanKind kind, Instant now) {
        Schedule s = new Schedule(nextId++, group, cron, kind, now, null, null);
        rows.put(s.id(), s);
        return s;
    }

    /** Test helper: a schedule as it would be read back after a restart. */
    public synchronized void put(Schedule s) {
        rows.put(s.id(), s);
        nextId = Math.max(nextId, s.id() + 1);
    }

    @Override
    public synchronized List<Schedule> list() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized Optional<Schedule> byId(long id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized boolean remove(long id) {
        return rows.remove(id) != null;
    }

    @Override
    public synchronized boolean tryStart(long id, Instant now) {
        Schedule s = rows.get(id);
        if (s == null || s.runningSince() != null) {
            return false;
        }
        rows.put(id, new Schedule(id, s.group(), s.cron(), s.kind(), s.createdAt(), now, now));
        return true;
    }

    @Override
    public synchronized void markHandled(long id, Instant now) {
        Schedule s = rows.get(id);
        if (s != null) {
            rows.put(id, new Schedule(id, s.group(), s.cron(), s.kind(), s.createdAt(), now, s.runningSince()));
        }
    }

    @Override
    public synchronized void finish(long id) {
        Schedule s = rows.get(id);
        if (s != null) {
            rows.put(id, new Schedule(id, s.group(), s.cron(), s.kind(), s.createdAt(), s.lastRunAt(), null));
        }
    }

    @Override
    public synchronized List<Long> clearRunning() {
        List<Long> ids = new ArrayList<>();
        for (Schedule s : List.copyOf(rows.values())) {
            if (s.runningSince() != null) {
                ids.add(s.id());
                finish(s.id());
            }
        }
        return ids;
    }
}
