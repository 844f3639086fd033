package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.collector.store.VulnStreamStatus;
import cn.dengbao.sentinel.collector.vulns.FeedCoverage;
import cn.dengbao.sentinel.collector.vulns.StreamIndex;
import cn.dengbao.sentinel.collector.vulns.VulnFindings;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-vulns --hosts 5000 --packages 1500 --records 300000}: the collector's matching (index build, then every
 * host's packages against its stream with the dpkg order, findings and evidence rows built) on synthetic data shaped
 * like the Debian tracker: 30 000 source packages, ~10 records each, 97 % fixed. Hosts draw their packages from the
 * same names, most at the newest version and a share ({@code --behind}) never updated. Prints wall time, per-host latency (the incremental re-match of one
 * changed host) and heap.
 */
@Command(name = "bench-vulns", mixinStandardHelpOptions = true,
        description = "漏洞比对性能基准：N 台主机 × M 个软件包 对 R 条漏洞记录（目标 5000×1500 对 30 万条 ≤ 30 s，≤ 1 GiB）")
public final class BenchVulnsCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hosts", defaultValue = "5000")
    int hosts;

    @Option(names = "--packages", defaultValue = "1500")
    int packages;

    @Option(names = "--records", defaultValue = "300000")
    int records;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--behind", defaultValue = "0.02",
            description = "share of a host's packages older than every fix (default: ${DEFAULT-VALUE})")
    double behind;

    private static final String STREAM = "debian:12";
    private static final int SOURCES = 30_000;

    @Override
    public Integer call() throws Exception {
        if (hosts < 1 || packages < 1 || records < 1 || threads < 1 || packages > SOURCES) {
            throw new IllegalArgumentException("--hosts/--packages/--records/--threads 须为正数，--packages ≤ " + SOURCES);
        }
        PrintWriter out = spec.commandLine().getOut();
        Random rnd = new Random(13);
        List<VulnRecord> recs = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            int src = rnd.nextInt(SOURCES);
            boolean fixed = rnd.nextInt(100) >= 3;
            recs.add(new VulnRecord(STREAM, "src" + src, VulnRecord.SOURCE_PACKAGE,
                    fixed ? "1." + rnd.nextInt(40) + "-" + (1 + rnd.nextInt(3)) + "+deb12u" + rnd.nextInt(4) : null,
                    fixed ? VulnRecord.Status.fixed : VulnRecord.Status.not_fixed, List.of("DSA-" + (5000 + i % 900) + "-1"),
                    List.of("CVE-20" + (10 + i % 15) + "-" + (10000 + i)), i % 7 == 0 ? "high" : "medium",
                    (double) (i % 100) / 10, i % 97 == 0, "bench"));
        }
        long t0 = System.nanoTime();
        StreamIndex index = new StreamIndex(STREAM, recs);
        long indexMs = (System.nanoTime() - t0) / 1_000_000;
        recs = null;
        VulnStreamStatus status = new VulnStreamStatus(STREAM, 1, Instant.now(), records, "bench", Instant.now(), "bench");
        VulnFindings.Feed feed = new VulnFindings.Feed(Optional.of(STREAM), FeedCoverage.State.CURRENT, status, index,
                FeedCoverage.DEFAULT_MAX_AGE);
        Instant now = Instant.now();
        Map<String, String> attrs = Map.of("internet_facing", "true");

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong hits = new AtomicLong();
        AtomicLong maxHostNanos = new AtomicLong();
        AtomicLong workerCpuNanos = new AtomicLong();
        long processCpu0 = processCpuNanos();
        long[] perHost = new long[hosts];
        long[] perHostCpu = new long[hosts];
        long t1 = System.nanoTime();
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int part = t;
            jobs.add(pool.submit(() -> {
                for (int h = part; h < hosts; h += threads) {
                    Facts facts = host(h);   // built per host, as a report arrives: not kept
                    long c = threads().getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    List<Finding> f = VulnFindings.findings(facts, feed, attrs, now);
                    long d = System.nanoTime() - s;
                    perHost[h] = d;
                    perHostCpu[h] = threads().getCurrentThreadCpuTime() - c;
                    maxHostNanos.accumulateAndGet(d, Math::max);
                    hits.addAndGet(f.get(0).getEvidenceCount() + f.get(1).getEvidenceCount());
                }
                // CPU time is far less sensitive than wall time to the other jobs on a shared machine
                workerCpuNanos.addAndGet(threads().getCurrentThreadCpuTime());
                return null;
            }));
        }
        for (Future<?> j : jobs) {
            j.get();
        }
        long wallMs = (System.nanoTime() - t1) / 1_000_000;
        long processCpuMs = (processCpuNanos() - processCpu0) / 1_000_000;
        pool.shutdown();
        long[] sorted = perHost.clone();
        java.util.Arrays.sort(sorted);
        System.gc();
        long heapAfter = used();
        java.lang.ref.Reference.reachabilityFence(feed);   // the index counts in "used after GC"
        out.printf("bench-vulns: %d hosts × %d packages against %d records (%s, %d source packages), %d threads%n",
                hosts, packages, records, STREAM, SOURCES, threads);
        out.printf("index build %d ms; matching all hosts %d ms wall (incl. building each host's facts); "
                + "evidence rows %d%n", indexMs, wallMs, hits.get());
        out.printf("CPU: matching threads %d ms, whole process during matching %d ms (incl. GC and JIT)%n",
                workerCpuNanos.get() / 1_000_000, processCpuMs);
        out.printf("one host re-match: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", sorted[hosts / 2] / 1e6,
                sorted[Math.min(hosts - 1, hosts * 99 / 100)] / 1e6, maxHostNanos.get() / 1e6);
        long[] cpu = perHostCpu.clone();
        java.util.Arrays.sort(cpu);
        out.printf("one host re-match, CPU time of its thread (insensitive to other jobs): p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms; all hosts %d ms%n", cpu[hosts / 2] / 1e6, cpu[Math.min(hosts - 1, hosts * 99 / 100)] / 1e6,
                cpu[hosts - 1] / 1e6, java.util.Arrays.stream(cpu).sum() / 1_000_000);
        out.printf("heap: %d MiB used after GC with the index loaded; peak %d MiB (max heap %d MiB)%n",
                heapAfter >> 20, peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        return 0;
    }

    private Facts host(int h) {
        Random r = new Random(h);
        Packages.Builder p = Packages.newBuilder().setManager("dpkg");
        int start = r.nextInt(SOURCES);
        for (int i = 0; i < packages; i++) {
            int src = (start + i * 17) % SOURCES;
            // most packages are at the newest version; a few were never updated
            String v = r.nextDouble() < behind ? "1.0-1" : "1.40-1+deb12u1";
            p.addPackages(Package.newBuilder().setName("bin" + src).setVersion(v).setArch("amd64")
                    .setSourceName("src" + src).setSourceVersion(v));
        }
        return Facts.newBuilder().setOs(OsInfo.newBuilder().setId("debian").setVersionId("12")).setPackages(p).build();
    }

    private static java.lang.management.ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
