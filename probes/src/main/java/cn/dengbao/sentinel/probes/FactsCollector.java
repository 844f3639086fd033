package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import com.google.protobuf.Descriptors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.time.Clock;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the probes over one host access and assembles the facts. A probe that fails unexpectedly costs its own
 * section (recorded as a collection error), never the whole collection.
 */
public final class FactsCollector {
    public static final String SCHEMA_VERSION = "1";
    public static final String AGENT_VERSION = "0.1.0";

    static final String HOSTNAME_FILE = "/etc/hostname";
    static final String MACHINE_ID_FILE = "/etc/machine-id";
    /** What the collector itself reads for the host header, besides the probes. */
    public static final List<ProbePath> HOST_PATHS = List.of(ProbePath.read(HOSTNAME_FILE), ProbePath.read(MACHINE_ID_FILE));
    public static final Set<FixedCommand> HOST_COMMANDS = Set.of(FixedCommand.HOSTNAME);

    private final List<Probe> probes;
    private final Clock clock;
    private final int threads;

    public FactsCollector() {
        this(ProbeRegistry.all(), Clock.systemUTC());
    }

    public FactsCollector(List<Probe> probes, Clock clock) {
        this(probes, clock, defaultThreads());
    }

    /** {@code threads} probes run at once; 1 runs them one after another, in order. */
    public FactsCollector(List<Probe> probes, Clock clock, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.probes = List.copyOf(probes);
        this.clock = clock;
        this.threads = threads;
    }

    /** Probes mostly wait on files and commands, so a few more threads than cores pay; an agent stays light. */
    static int defaultThreads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors() * 2);
    }

    /**
     * How long one probe took, for {@code collect --timings}: wall time, and the CPU time of the thread that ran it
     * (-1 when the JVM cannot tell). A probe's child processes (apt, rpm) are not in its CPU time.
     */
    public record ProbeTiming(String probe, FactSection section, long startedAtMillis, long millis, long cpuMillis) {
        public ProbeTiming(String probe, FactSection section, long startedAtMillis, long millis) {
            this(probe, section, startedAtMillis, millis, -1);
        }
    }

    /** The facts and what each probe cost. */
    public record Collected(Facts facts, List<ProbeTiming> timings) {
    }

    /** Collects every section, or only {@code sections} when it is non-empty (UNSPECIFIED means all). */
    public Facts collect(HostAccess access, Collection<FactSection> sections) {
        return collectTimed(access, sections).facts();
    }

    /**
     * Like {@link #collect} and also reports per-probe timings. Probes run concurrently on a small pool, each on
     * its own scratch builder and context; the results are merged in registration order, so the facts and the
     * order of collection errors do not depend on scheduling.
     */
    public Collected collectTimed(HostAccess access, Collection<FactSection> sections) {
        long start = System.nanoTime();
        Set<FactSection> wanted = sections == null || sections.contains(FactSection.FACT_SECTION_UNSPECIFIED)
                ? Set.of() : Set.copyOf(sections);
        List<Probe> run = probes.stream()
                .filter(p -> wanted.isEmpty() || wanted.contains(p.section()))
                .toList();
        long collectedAt = clock.millis();
        List<ProbeResult> results;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, run.size())), DAEMON_THREADS);
        try {
            List<CompletableFuture<ProbeResult>> futures = schedule(run, access, pool, start);
            // host identity is read meanwhile on this thread
            HostInfo.Builder host = hostInfo(access, collectedAt);
            results = new ArrayList<>(futures.size());
            for (CompletableFuture<ProbeResult> f : futures) {
                results.add(join(f));
            }
            Facts.Builder facts = Facts.newBuilder()
                    .setSchemaVersion(SCHEMA_VERSION)
                    .setReportId(UUID.randomUUID().toString());
            LinkedHashSet<CollectionError> errors = new LinkedHashSet<>();
            List<ProbeTiming> timings = new ArrayList<>(results.size());
            for (ProbeResult r : results) {
                facts.mergeFrom(r.partial());
                // probes that share inputs (the PAM stacks) may report the same problem; keep it once
                errors.addAll(r.errors());
                timings.add(r.timing());
            }
            host.setCollectionMillis((System.nanoTime() - start) / 1_000_000L);
            facts.setHost(host);
            facts.addAllCollectionErrors(errors);
            return new Collected(facts.build(), List.copyOf(timings));
        } finally {
            pool.shutdownNow();
        }
    }

    private record ProbeResult(Facts partial, List<CollectionError> errors, ProbeTiming timing) {
    }

    /**
     * One future per probe. A probe that reads another's section waits for every earlier probe filling that
     * section, exactly the order the sequential collector gave it; later probes are never waited for, so the
     * graph has no cycles.
     */
    private List<CompletableFuture<ProbeResult>> schedule(List<Probe> run, HostAccess access, ExecutorService pool, long t0) {
        // a dependent continues on the probe thread that finished its last input instead of queueing behind the
        // independent probes (the packages probe, the slowest, starts as soon as os is done); it is only handed to
        // the pool when its inputs were already done on this, the caller's, thread
        Executor onProbeThread = task -> {
            if (PROBE_THREAD.get()) {
                task.run();
            } else {
                pool.execute(task);
            }
        };
        List<CompletableFuture<ProbeResult>> futures = new ArrayList<>(run.size());
        for (int i = 0; i < run.size(); i++) {
            Probe probe = run.get(i);
            List<CompletableFuture<ProbeResult>> deps = new ArrayList<>();
            Set<FactSection> reads = probe.reads();
            for (int j = 0; j < i; j++) {
                if (reads.contains(run.get(j).section())) {
                    deps.add(futures.get(j));
                }
            }
            CompletableFuture<ProbeResult> f;
            if (deps.isEmpty()) {
                // submitted in registration order: the pool's queue is FIFO, so os (first) starts first
                f = CompletableFuture.supplyAsync(() -> runProbe(probe, access, List.of(), t0), pool);
            } else {
                f = CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ignored -> runProbe(probe, access, deps.stream().map(CompletableFuture::join).toList(), t0),
                                onProbeThread);
            }
            futures.add(f);
        }
        return futures;
    }

    private ProbeResult runProbe(Probe probe, HostAccess access, List<ProbeResult> deps, long t0) {
        long begin = System.nanoTime();
        long cpuBegin = threadCpuNanos();
        ProbeContext ctx = new ProbeContext(access, clock);
        Facts.Builder scratch = Facts.newBuilder();
        Set<Descriptors.FieldDescriptor> given = new HashSet<>();
        for (ProbeResult d : deps) {
            scratch.mergeFrom(d.partial());
            given.addAll(d.partial().getAllFields().keySet());
        }
        try {
            probe.collect(ctx, scratch);
        } catch (RuntimeException e) {
            // a probe bug must not hide the other sections; the message names the probe, not file contents
            ctx.error(factKey(probe.section()), "", ErrorKind.IO_ERROR,
                    "probe " + probe.getClass().getSimpleName() + " failed: " + e.getClass().getSimpleName());
        }
        // hand back only what this probe wrote: the sections it was given belong to (and are merged from) others
        given.forEach(scratch::clearField);
        long end = System.nanoTime();
        long cpuEnd = threadCpuNanos();
        ProbeTiming timing = new ProbeTiming(probe.getClass().getSimpleName(), probe.section(),
                (begin - t0) / 1_000_000L, (end - begin) / 1_000_000L,
                cpuBegin < 0 || cpuEnd < 0 ? -1 : (cpuEnd - cpuBegin) / 1_000_000L);
        return new ProbeResult(scratch.build(), ctx.errors(), timing);
    }

    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
    }

    private static ProbeResult join(CompletableFuture<ProbeResult> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            // runProbe catches RuntimeExceptions, so only Errors (out of memory…) get here: do not hide them
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static final ThreadLocal<Boolean> PROBE_THREAD = ThreadLocal.withInitial(() -> false);

    private static final ThreadFactory DAEMON_THREADS = r -> {
        Thread t = new Thread(() -> {
            PROBE_THREAD.set(true);
            r.run();
        }, "sentinel-probe");
        t.setDaemon(true);
        return t;
    };

    private HostInfo.Builder hostInfo(HostAccess access, long collectedAt) {
        HostInfo.Builder host = HostInfo.newBuilder()
                .setHostname(hostname(access))
                .setCollectedAtEpochMs(collectedAt)
                .setAccessMode(access.mode())
                .setAgentVersion(AGENT_VERSION)
                .setMachineId(firstLine(access, MACHINE_ID_FILE));
        if (access.mode() == AccessMode.ROOT && access instanceof RootDirAccess r) {
            host.setRootDir(r.root().toString());
        }
        if (access.mode() == AccessMode.LOCAL) {
            host.addAllIpAddresses(localAddresses());
        }
        return host;
    }

    /** "SECTION_LOGIN_LOCKOUT" → "login_lockout", the section's fact key prefix. */
    public static String factKey(FactSection section) {
        return section.name().replaceFirst("^SECTION_", "").toLowerCase(Locale.ROOT);
    }

    private static String hostname(HostAccess access) {
        String name = firstLine(access, HOSTNAME_FILE);
        if (name.isEmpty() && access.mode() == AccessMode.LOCAL) {
            try {
                CommandResult r = access.run(FixedCommand.HOSTNAME);
                if (r.ok()) {
                    name = r.stdout().strip();
                }
            } catch (AccessException e) {
                // unknown hostname is not worth an error: the collector knows the host by its enrolment
            }
        }
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    /** This machine's non-loopback addresses, sorted, at most 64: how an operator recognises the host. */
    static List<String> localAddresses() {
        TreeSet<String> out = new TreeSet<>();
        try {
            Enumeration<NetworkInterface> ifs = NetworkInterface.getNetworkInterfaces();
            while (ifs != null && ifs.hasMoreElements()) {
                NetworkInterface nif = ifs.nextElement();
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        String text = a.getHostAddress();
                        int zone = text.indexOf('%');
                        out.add(zone >= 0 ? text.substring(0, zone) : text);
                    }
                }
            }
        } catch (SocketException e) {
            // addresses are a convenience; the collection goes on without them
        }
        return out.stream().limit(64).toList();
    }

    private static String firstLine(HostAccess access, String path) {
        try {
            String text = new String(access.read(path, 4096), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t;
                }
            }
        } catch (AccessException e) {
            // absent: left empty
        }
        return "";
    }
}
