package cn.dengbao.sentinel.collector.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs persisted schedules when their cron time comes. A schedule is due when its next cron time after its last
 * handled time has passed, so a run missed while the collector was down runs once at start (not once per missed
 * time). A due schedule whose previous run is still going is skipped, not stacked, and the skip is recorded.
 * Every run is recorded in scan_runs with hosts ok/failed and why.
 */
public final class Scheduler implements AutoCloseable {

    private final ScheduleRepository schedules;
    private final ScanRunRepository runs;
    private final ScheduleJob job;
    private final Clock clock;
    private final ZoneId zone;
    private final ExecutorService runPool;
    private final ScheduledExecutorService ticker;
    private final Map<String, CronExpression> crons = new ConcurrentHashMap<>();

    public Scheduler(ScheduleRepository schedules, ScanRunRepository runs, ScheduleJob job, Clock clock, ZoneId zone) {
        this.schedules = schedules;
        this.runs = runs;
        this.job = job;
        this.clock = clock;
        this.zone = zone;
        AtomicInteger n = new AtomicInteger();
        this.runPool = Executors.newCachedThreadPool(r -> daemon(r, "schedule-run-" + n.incrementAndGet()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "schedule-tick"));
    }

    /** Recovers runs left open by a stopped collector, handles what is due now, then checks every {@code tick}. */
    public void start(Duration tick) {
        recover();
        ticker.scheduleWithFixedDelay(this::tickQuietly, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A run marked "running" when the scheduler starts belongs to a collector that stopped mid-run (one scheduler
     * per store): clear the mark and record it, so the schedule is not blocked forever.
     */
    public void recover() {
        Instant now = clock.instant();
        for (Long id : schedules.clearRunning()) {
            long run = runs.start(id, now);
            runs.finish(run, now, 0, 0, RunOutcome.note("上次运行未完成: 采集器在运行中停止 (previous run interrupted by a collector stop)").errorsJson());
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a store hiccup must not kill the ticker; the next tick retries
        }
    }

    /** Starts every due schedule; returns the started runs (tests wait on them). */
    public List<Future<?>> tick() {
        Instant now = clock.instant();
        List<Future<?>> started = new ArrayList<>();
        for (Schedule s : schedules.list()) {
            Optional<Instant> due = dueAt(s, now);
            if (due.isEmpty()) {
                continue;
            }
            if (schedules.tryStart(s.id(), now)) {
                started.add(runPool.submit(() -> execute(s, due.get(), now)));
            } else {
                schedules.markHandled(s.id(), now);
                long run = runs.start(s.id(), now);
                Schedule current = schedules.byId(s.id()).orElse(s);
                runs.finish(run, now, 0, 0, RunOutcome.note("已跳过: 上一次运行仍在进行 (skipped, previous run still running since "
                        + current.runningSince() + ")").errorsJson());
            }
        }
        return started;
    }

    /** The cron time this schedule is due for, if it has passed. */
    Optional<Instant> dueAt(Schedule s, Instant now) {
        CronExpression cron;
        try {
            cron = crons.computeIfAbsent(s.cron(), CronExpression::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // validated at `schedules add`; a bad row is ignored, not fatal
        }
        Instant base = s.lastRunAt() != null ? s.lastRunAt() : s.createdAt();
        return cron.next(ZonedDateTime.ofInstant(base, zone)).map(ZonedDateTime::toInstant).filter(t -> !t.isAfter(now));
    }

    private void execute(Schedule s, Instant due, Instant now) {
        long run = runs.start(s.id(), now);
        RunOutcome outcome;
        try {
            outcome = job.run(s);
            if (Duration.between(due, now).toMinutes() >= 2) {
                List<String> notes = new ArrayList<>(outcome.notes());
                notes.add("补跑: 计划时间 " + due + " 时采集器未运行 (missed run, executed once at start)");
                outcome = new RunOutcome(outcome.hostsOk(), outcome.hostsFailed(), outcome.errors(), notes);
            }
        } catch (Exception e) {
            outcome = RunOutcome.note("运行失败 (run failed): " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        try {
            runs.finish(run, clock.instant(), outcome.hostsOk(), outcome.hostsFailed(), outcome.errorsJson());
        } finally {
            schedules.finish(s.id());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        runPool.shutdown();
    }
}
