package cn.dengbao.sentinel.collector.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of schedules; the store implements it over table {@code schedules}. */
public interface ScheduleRepository {

    Schedule add(String group, String cron, ScanKind kind, Instant now);

    List<Schedule> list();

    Optional<Schedule> byId(long id);

    boolean remove(long id);

    /**
     * Atomically: if the schedule is not running, marks it running since {@code now} and sets last_run_at =
     * {@code now}; returns false (changing nothing) when a run is already in progress.
     */
    boolean tryStart(long id, Instant now);

    /** A due time that was skipped (run still in progress): last_run_at = {@code now}, so it is not retried every tick. */
    void markHandled(long id, Instant now);

    /** The run ended: running_since = null. */
    void finish(long id);

    /** On scheduler start: clears running_since left by a collector that stopped mid-run; returns their ids. */
    List<Long> clearRunning();
}
