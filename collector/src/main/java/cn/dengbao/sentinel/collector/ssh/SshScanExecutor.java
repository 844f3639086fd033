package cn.dengbao.sentinel.collector.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Scans many hosts with at most {@code concurrency} at a time. Each host is bounded by the connect timeout and
 * a per-host time limit, after which a watchdog cuts its session: a hung host holds one worker for at most its
 * own limit and never delays the others beyond that.
 */
public final class SshScanExecutor implements AutoCloseable {

    public static final int DEFAULT_CONCURRENCY = 16;

    private final int concurrency;
    private final SshOptions options;
    private final HostScanner scanner;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;

    public SshScanExecutor(int concurrency, SshOptions options, HostScanner scanner) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("并发数必须 ≥ 1");
        }
        this.concurrency = concurrency;
        this.options = options;
        this.scanner = scanner;
        this.workers = Executors.newFixedThreadPool(concurrency, named("ssh-scan"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(named("ssh-scan-watchdog"));
    }

    public int concurrency() {
        return concurrency;
    }

    /** Scans every task and returns one result per task, in task order. */
    public List<HostScanResult> scanAll(List<ScanTask> tasks) {
        return scanAll(tasks, r -> { });
    }

    /** As {@link #scanAll(List)}, handing each result to {@code onResult} as soon as it is known (from a worker). */
    public List<HostScanResult> scanAll(List<ScanTask> tasks, Consumer<HostScanResult> onResult) {
        List<Future<HostScanResult>> futures = new ArrayList<>(tasks.size());
        for (ScanTask t : tasks) {
            futures.add(workers.submit(() -> {
                HostScanResult r = scanOne(t);
                onResult.accept(r);
                return r;
            }));
        }
        List<HostScanResult> results = new ArrayList<>(tasks.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(HostScanResult.failed(tasks.get(i).target(), "扫描被中断", Duration.ZERO));
            } catch (ExecutionException e) {
                results.add(HostScanResult.failed(tasks.get(i).target(), "内部错误: " + e.getCause().getClass().getSimpleName(), Duration.ZERO));
            }
        }
        return results;
    }

    /** One host, on the calling thread, with the watchdog enforcing the per-host limit. */
    public HostScanResult scanOne(ScanTask task) {
        long start = System.nanoTime();
        AtomicReference<SshHostAccess> live = new AtomicReference<>();
        AtomicReference<Boolean> timedOut = new AtomicReference<>(false);
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            timedOut.set(true);
            SshHostAccess a = live.get();
            if (a != null) {
                a.abort();
            }
        }, options.hostTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            SshHostAccess access = SshHostAccess.connect(task.target(), task.credential().open(), options);
            live.set(access);
            if (timedOut.get()) {
                access.abort();
            }
            try (access) {
                var facts = scanner.collect(access);
                if (timedOut.get()) {
                    return HostScanResult.failed(task.target(), timeLimit(), elapsed(start));
                }
                return HostScanResult.ok(task.target(), facts, elapsed(start));
            }
        } catch (SshScanException e) {
            return HostScanResult.failed(task.target(), e.getMessage(), elapsed(start));
        } catch (Exception e) {
            String why = timedOut.get() ? timeLimit()
                    : "扫描失败: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return HostScanResult.failed(task.target(), why, elapsed(start));
        } finally {
            guard.cancel(false);
        }
    }

    private String timeLimit() {
        return "超过单主机扫描时限 " + options.hostTimeout().toSeconds() + " 秒 (per-host time limit)";
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
