package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.store.ScanRunRepository;
import cn.dengbao.sentinel.collector.store.ScheduleRecord;
import cn.dengbao.sentinel.collector.store.ScheduleRepository;
import cn.dengbao.sentinel.collector.time.Times;
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
 * Runs persisted schedules when their cron time comes.
 * <ul>
 * <li>A schedule is due when a cron time has passed since its last run ({@code last_run_at}, else its creation).
 * Only the latest passed cron time counts, so runs missed while the collector was down run once at start, not
 * once per missed time.</li>
 * <li>A due schedule whose previous run still holds it ({@code running_since}) is skipped, not stacked, and the
 * skip is recorded as a run. A claim older than {@code staleAfter} belongs to a collector that stopped mid-run
 * and is taken over.</li>
 * <li>Every run is recorded in scan_runs with hosts ok / failed and why.</li>
 * <li>Several collectors sharing a database each tick; each cron time of a schedule is claimed in the store
 * ({@link ScheduleRepository#claimFire}) and only the collector that claimed it runs it (or records its skip), so
 * a schedule fires exactly once per cron time across collectors, whichever of them is alive.</li>
 * </ul>
 */
public final class Scheduler implements AutoCloseable {

    /** Enough for thousands of hosts at the default concurrency and per-host limit. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(6);
    private static final int MAX_CRON_STEPS = 200_000;

    private final ScheduleRepository schedules;
    private final ScanRunRepository runs;
    private final ScheduleJob job;
    private final Clock clock;
    private final ZoneId zone;
    private final Times times;
    private final Duration staleAfter;
    private final String owner;
    private Instant nextPurge = Instant.MIN;
    private final ExecutorService runPool;
    private final ScheduledExecutorService ticker;
    private final Map<String, CronExpression> crons = new ConcurrentHashMap<>();
    /** The cron time each schedule was last handled for (run or skipped) by this process. */
    private final Map<String, Instant> handled = new ConcurrentHashMap<>();

    public Scheduler(ScheduleRepository schedules, ScanRunRepository runs, ScheduleJob job, Clock clock, ZoneId zone,
                     Duration staleAfter) {
        this(schedules, runs, job, clock, zone, staleAfter, defaultOwner());
    }

    /** @param owner this collector as recorded on the cron times it claims */
    public Scheduler(ScheduleRepository schedules, ScanRunRepository runs, ScheduleJob job, Clock clock, ZoneId zone,
                     Duration staleAfter, String owner) {
        this.owner = owner;
        this.schedules = schedules;
        this.runs = runs;
        this.job = job;
        this.clock = clock;
        this.zone = zone;
        this.times = Times.of(zone);
        this.staleAfter = staleAfter;
        AtomicInteger n = new AtomicInteger();
        this.runPool = Executors.newCachedThreadPool(r -> daemon(r, "schedule-run-" + n.incrementAndGet()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "schedule-tick"));
    }

    /** Handles what is due now (including missed runs), then checks again every {@code tick}. */
    public void start(Duration tick) {
        ticker.scheduleWithFixedDelay(this::tickQuietly, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
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
        for (ScheduleRecord s : schedules.list()) {
            Optional<Instant> due = latestDue(s, now);
            if (due.isEmpty() || due.get().equals(handled.get(s.id()))) {
                continue;
            }
            handled.put(s.id(), due.get());
            if (!schedules.claimFire(s.id(), due.get(), owner, now)) {
                continue; // another collector sharing the store has this cron time
            }
            if (schedules.tryStart(s.id(), now, staleAfter)) {
                boolean tookOver = s.runningSince() != null;
                started.add(runPool.submit(() -> execute(s, due.get(), now, tookOver)));
            } else {
                long run = runs.start(s.id(), now);
                runs.finish(run, now, 0, 0, RunOutcome.note("已跳过 " + times.text(due.get())
                        + " 的运行: 上一次运行仍在进行 (skipped, previous run running since "
                        + schedules.byId(s.id()).map(ScheduleRecord::runningSince).map(times::text).orElse("-") + ")")
                        .errorsMap());
            }
        }
        if (!now.isBefore(nextPurge)) {
            schedules.purgeFires(now.minus(KEEP_FIRES));
            nextPurge = now.plus(Duration.ofHours(1));
        }
        return started;
    }

    /**
     * Claimed cron times are kept this long. A schedule is only ever due at its latest cron time after its last
     * run, so an older claim can matter only while that run has not finished: longer than any run may take.
     */
    static final Duration KEEP_FIRES = Duration.ofDays(31);

    private static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "collector@" + host + " pid " + ProcessHandle.current().pid();
    }

    /** The latest cron time in (last run, now], if any. */
    Optional<Instant> latestDue(ScheduleRecord s, Instant now) {
        CronExpression cron;
        try {
            cron = crons.computeIfAbsent(s.cron(), CronExpression::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // validated at `schedules add`; a bad row is ignored, not fatal
        }
        Instant base = s.lastRunAt() != null ? s.lastRunAt() : s.createdAt();
        ZonedDateTime t = ZonedDateTime.ofInstant(base, zone);
        Instant latest = null;
        for (int i = 0; i < MAX_CRON_STEPS; i++) {
            Optional<ZonedDateTime> next = cron.next(t);
            if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
                break;
            }
            t = next.get();
            latest = t.toInstant();
        }
        return Optional.ofNullable(latest);
    }

    private void execute(ScheduleRecord s, Instant due, Instant now, boolean tookOver) {
        long run = runs.start(s.id(), now);
        RunOutcome outcome;
        try {
            outcome = job.run(s);
        } catch (Exception e) {
            outcome = RunOutcome.note("运行失败 (run failed): " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (Duration.between(due, now).toMinutes() >= 2) {
            outcome = outcome.withNote("补跑: 计划时间 " + times.text(due) + " 时采集器未运行 (missed run, executed once)");
        }
        if (tookOver) {
            outcome = outcome.withNote("上次运行未完成 (previous run interrupted, claim since " + times.text(s.runningSince())
                    + " taken over)");
        }
        try {
            runs.finish(run, clock.instant(), outcome.hostsOk(), outcome.hostsFailed(), outcome.errorsMap());
        } finally {
            schedules.finish(s.id(), clock.instant());
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
        try {
            runPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
