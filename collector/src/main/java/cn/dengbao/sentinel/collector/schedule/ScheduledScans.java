package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.ssh.HostScanner;
import cn.dengbao.sentinel.collector.ssh.SshOptions;
import cn.dengbao.sentinel.collector.ssh.SshScanExecutor;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.targets.TargetService;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * What {@code serve} starts for scheduled scans: the bounded SSH executor and the scheduler over the store.
 * <pre>{@code
 * try (ScheduledScans scans = ScheduledScans.start(store, vault, sink, agents, 16, SshOptions.defaults(),
 *         ScheduledScans.TICK, ZoneId.of("Asia/Shanghai"))) { ... }
 * }</pre>
 * Cron fields are read in {@code zone}, the collector's configured time zone.
 * {@code sink} receives each host's facts (wire the checks engine + store.scans().recordScan there);
 * {@code agents} may be null when no agent server runs.
 */
public final class ScheduledScans implements AutoCloseable {

    public static final Duration TICK = Duration.ofSeconds(20);

    private final SshScanExecutor executor;
    private final Scheduler scheduler;

    private ScheduledScans(SshScanExecutor executor, Scheduler scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    public static ScheduledScans start(Store store, CredentialVault vault, ScanSink sink, AgentScanRequester agents,
                                       int concurrency, SshOptions options, Duration tick, ZoneId zone) {
        SshScanExecutor executor = new SshScanExecutor(concurrency, options, HostScanner.probes());
        GroupScanJob job = new GroupScanJob(new TargetService(store.targets(), vault), executor, sink, agents);
        Scheduler scheduler = new Scheduler(store.schedules(), store.scanRuns(), job, Clock.systemUTC(), zone,
                Scheduler.DEFAULT_STALE_AFTER);
        scheduler.start(tick);
        return new ScheduledScans(executor, scheduler);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.close();
        executor.close();
    }
}
