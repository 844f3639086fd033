package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of {@link RuleEngine#evaluate}: hosts per second on a realistic fact set (40 accounts, the compliant
 * baseline). Run: see checks/README or the report; args: [hosts] [threads].
 */
public final class EngineBenchmark {
    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        long loadCpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
        FactsFixtures f = FactsFixtures.compliantHost();
        for (int i = 0; i < 32; i++) {
            f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        Facts facts = f.build();
        for (int i = 0; i < 500; i++) {
            engine.evaluate(facts, Map.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong findings = new AtomicLong();
        long cpu0 = processCpuNanos();
        long t1 = System.nanoTime();
        for (int i = 0; i < hosts; i++) {
            pool.execute(() -> findings.addAndGet(engine.evaluate(facts, Map.of()).getFindingsCount()));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t1) / 1e9;
        double cpuMs = (processCpuNanos() - cpu0) / 1e6;
        System.out.printf("rules=%d load+compile=%d ms wall (%d ms cpu) hosts=%d threads=%d wall=%.2f s -> %.0f hosts/s,"
                        + " %.3f ms/host wall, %.3f ms/host cpu, findings=%d%n",
                engine.rules().size(), loadMs, loadCpuMs, hosts, threads, secs, hosts / secs, secs * 1000 / hosts,
                cpuMs / hosts, findings.get());
    }

    /** Process CPU time, so a machine shared with other work still gives a meaningful per-host cost. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
