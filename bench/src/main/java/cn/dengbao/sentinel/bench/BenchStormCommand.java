package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.enroll.AgentRegistry;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.server.CollectorRuntime;
import cn.dengbao.sentinel.collector.server.StoreBackend;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.pki.SecureFiles;
import cn.dengbao.sentinel.pki.TlsChannels;
import cn.dengbao.sentinel.proto.AgentMessage;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import cn.dengbao.sentinel.proto.CollectorMessage;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Hello;
import cn.dengbao.sentinel.testkit.SyntheticFacts;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-storm}: the collector as its own process ({@code java -Xmx… -jar sentinel-collector.jar serve}),
 * N simulated agents in this JVM. First every agent connects and sends {@code --reports} reports to a fresh
 * collector (every host's first report: the whole-run ingest rate including first full evaluations); then the
 * collector is stopped (SIGTERM, or SIGKILL with {@code --kill}) and started again, and every agent reconnects with
 * the daemon's backoff (full jitter, 1 s doubling up to 5 min) and sends one report, which the restarted collector
 * evaluates with an empty finding memo. Prints the time from the restart until all agents are connected and all
 * their reports stored, the collector's CPU and its peak heap (from its GC log).
 */
@Command(name = "bench-storm", mixinStandardHelpOptions = true,
        description = "Benchmark: collector restart storm; the collector runs as its own JVM.")
public final class BenchStormCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--agents", defaultValue = "1000")
    int agents;

    @Option(names = "--reports", defaultValue = "1", description = "reports per agent before the restart")
    int reports;

    @Option(names = "--window", defaultValue = "4", description = "unacknowledged reports per agent before the restart")
    int window;

    @Option(names = "--changed", defaultValue = "10",
            description = "percent of the reports before the restart that move the host to a new day")
    int changedPercent;

    @Option(names = "--accounts", defaultValue = "40", description = "accounts per synthetic facts")
    int accounts;

    @Option(names = "--collector-jar", defaultValue = "collector/target/sentinel-collector.jar")
    Path collectorJar;

    @Option(names = "--collector-heap", defaultValue = "1g", description = "the collector's -Xmx")
    String heap;

    @Option(names = "--kill", description = "stop the first collector with SIGKILL instead of SIGTERM")
    boolean kill;

    @Option(names = "--keep", description = "keep the data directory (printed)")
    boolean keep;

    @Mixin
    cn.dengbao.sentinel.collector.cli.DatabaseOptions db = new cn.dengbao.sentinel.collector.cli.DatabaseOptions();

    /** The daemon's reconnect backoff (agent Backoff.standard()): full jitter, base 1 s, cap 5 min. */
    private static final long BACKOFF_BASE_MS = 1_000;
    private static final long BACKOFF_CAP_MS = 300_000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (agents < 1 || reports < 1 || window < 1 || changedPercent < 0 || changedPercent > 100) {
            throw new IllegalArgumentException("--agents、--reports、--window 须为正数，--changed 为 0..100");
        }
        if (!Files.isRegularFile(collectorJar)) {
            throw new IllegalArgumentException("找不到采集器 jar (collector jar not found): " + collectorJar
                    + "（先 mvn package）");
        }
        Path dir = Files.createTempDirectory("sentinel-storm-");
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CollectorConfig cfg = new CollectorConfig();
        cfg.dataDir = data.toString();
        cfg.listen = "127.0.0.1:" + port;
        if (db.given()) {
            cfg.database.url = db.url();
            cfg.database.user = db.user();
            cfg.database.password = db.password();
        }
        // the CA and the agents' records exactly where `serve` finds them, made before any collector runs
        SecureFiles.privateDir(data);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(cfg.pkiPaths(), cfg.serverNamesWithDefaults());
        StormAgent[] made = new StormAgent[agents];
        long t = System.nanoTime();
        try (Store store = CollectorRuntime.openStore(cfg)) {
            AgentRegistry registry = new StoreBackend(store);
            // keys, certificates and records made on a few threads: set-up, not measured
            java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                int n = i;
                jobs.add(pool.submit(() -> {
                    BenchIngestCommand.SimAgent sim = BenchIngestCommand.SimAgent.create(ca, registry, n, err);
                    made[n] = new StormAgent(sim.id, "127.0.0.1:" + port, accounts);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get();
            }
            pool.shutdown();
        }
        List<StormAgent> sims = List.of(made);
        out.printf("%d agents enrolled in %.1f s; store %s; data %s%n", agents, (System.nanoTime() - t) / 1e9,
                db.given() ? "postgres" : "embedded H2", data);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread th = new Thread(r, "storm-timer");
            th.setDaemon(true);
            return th;
        });
        Process first = null;
        Process second = null;
        try {
            // 1. a fresh collector: every host's first reports
            first = startCollector(dir, "first", port);
            long up = waitListening(first, port);
            out.printf("collector 1 (pid %d) listening after %.1f s%n", first.pid(), up / 1e9);
            Phase p1 = new Phase(agents, reports, window, changedPercent);
            long s1 = System.nanoTime();
            for (StormAgent a : sims) {
                a.begin(p1, timer);
            }
            awaitPhase(p1, out, err, Duration.ofMinutes(30));
            double secs1 = (p1.lastStored.get() - s1) / 1e9;
            long stored1 = p1.stored.get();
            out.printf("first reports: %d agents × %d reports stored in %.1f s = %.0f reports/s (whole run: connect, "
                    + "first full evaluations, JIT warm-up); all connected after %.1f s; deferred %d%n",
                    agents, reports, secs1, stored1 / secs1, (p1.lastConnected.get() - s1) / 1e9, p1.deferred.get());
            out.printf("collector 1 CPU %.1f s%n", cpuSeconds(first));

            // 2. restart: every stream breaks, every agent backs off and reconnects, then sends one report
            Phase p2 = new Phase(agents, 1, 1, 0);
            for (StormAgent a : sims) {
                a.expect(p2);
            }
            if (kill) {
                first.destroyForcibly();
            } else {
                first.destroy();
            }
            first.waitFor(60, TimeUnit.SECONDS);
            long restart = System.nanoTime();
            second = startCollector(dir, "second", port);
            long up2 = waitListening(second, port);
            out.printf("collector 1 stopped (%s); collector 2 (pid %d) listening %.1f s after its start%n",
                    kill ? "SIGKILL" : "SIGTERM", second.pid(), up2 / 1e9);
            awaitPhase(p2, out, err, Duration.ofMinutes(10));
            double connected = (p2.lastConnected.get() - restart) / 1e9;
            double stored = (p2.lastStored.get() - restart) / 1e9;
            out.printf("%n== bench-storm: %d agents, store %s, collector -Xmx%s, separate JVM ==%n", agents,
                    db.given() ? "postgres" : "embedded H2", heap);
            out.printf("restart → all %d agents connected   %.1f s%n", p2.connected.get(), connected);
            out.printf("restart → all %d reports stored     %.1f s (deferred and resent %d)%n", p2.stored.get(),
                    stored, p2.deferred.get());
            out.printf("collector 2 listening → all stored  %.1f s (the rest is the new JVM's start: %.1f s)%n",
                    stored - up2 / 1e9, up2 / 1e9);
            double cpu2 = cpuSeconds(second);
            out.printf("collector 2 CPU %.1f s (start, %d handshakes, %d evaluations with an empty memo, store) = "
                    + "%.2f ms per agent%n", cpu2, agents, p2.stored.get(), cpu2 * 1000 / Math.max(1, p2.stored.get()));
            out.printf("collector heap   peak %s (GC log of collector 1: %s)%n",
                    peakHeap(dir.resolve("gc-second.log")), peakHeap(dir.resolve("gc-first.log")));
            return 0;
        } finally {
            for (StormAgent a : sims) {
                a.close();
            }
            timer.shutdownNow();
            for (Process p : new Process[] {first, second}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            if (!keep) {
                deleteTree(dir);
            } else {
                out.println("kept " + dir);
            }
        }
    }

    private Process startCollector(Path dir, String name, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xlog:gc:file=" + dir.resolve("gc-" + name + ".log"),
                "-jar", collectorJar.toString(), "serve", "--data-dir", dir.resolve("data").toString(),
                "--listen", "127.0.0.1:" + port));
        ProcessBuilder pb = new ProcessBuilder();
        if (db.given()) {
            cmd.addAll(List.of("--db-url", db.url()));
            if (db.user() != null) {
                cmd.addAll(List.of("--db-user", db.user()));
            }
            if (db.password() != null) {
                cmd.addAll(List.of("--db-password-env", "SENTINEL_STORM_DB_PASSWORD"));
                pb.environment().put("SENTINEL_STORM_DB_PASSWORD", db.password());
            }
        }
        return pb.command(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector-" + name + ".log").toFile()).start();
    }

    /** Nanoseconds from now until the collector accepts TCP connections. */
    private static long waitListening(Process p, int port) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(2)) {
            if (!p.isAlive()) {
                throw new CommandFailedException("采集器退出 (collector exited): " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return System.nanoTime() - t0;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new CommandFailedException("采集器未能监听 (collector did not listen)");
    }

    private static void awaitPhase(Phase p, PrintWriter out, PrintWriter err, Duration limit) throws InterruptedException {
        if (!p.done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            err.printf("timed out: %d of %d reports stored, %d agents connected%n", p.stored.get(), p.expected,
                    p.connected.get());
            throw new CommandFailedException("超时 (timed out)");
        }
    }

    private static double cpuSeconds(Process p) {
        return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The largest heap in use before a collection, from a -Xlog:gc file. */
    static String peakHeap(Path log) {
        try {
            long peak = 0;
            long after = 0;
            int gcs = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(1)));
                    after = Math.max(after, Long.parseLong(m.group(2)));
                    gcs++;
                }
            }
            return gcs == 0 ? "no GC" : peak + " MiB used before a GC, " + after + " MiB at most after one, " + gcs + " GCs";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing the benchmark
        }
    }

    /** What one phase expects: reports per agent, window, and its counters. */
    static final class Phase {
        final int perAgent;
        final int window;
        final int changedPercent;
        final long expected;
        final CountDownLatch done;
        final AtomicLong stored = new AtomicLong();
        final AtomicLong connected = new AtomicLong();
        final AtomicLong deferred = new AtomicLong();
        final AtomicLong lastConnected = new AtomicLong();
        final AtomicLong lastStored = new AtomicLong();

        Phase(int agents, int perAgent, int window, int changedPercent) {
            this.perAgent = perAgent;
            this.window = window;
            this.changedPercent = changedPercent;
            this.expected = (long) agents * perAgent;
            this.done = new CountDownLatch(agents);
        }
    }

    /** A simulated agent that reconnects the daemon's way when its stream breaks. */
    static final class StormAgent implements StreamObserver<CollectorMessage> {
        private final AgentIdentity id;
        private final String target;
        private final int accounts;
        private Facts base;
        private int day;
        private Phase phase;
        private ScheduledExecutorService timer;
        private ManagedChannel channel;
        private StreamObserver<AgentMessage> stream;
        private int sent;
        private int acked;
        private int attempt;
        private boolean connectedInPhase;
        private volatile boolean closing;

        StormAgent(AgentIdentity id, String target, int accounts) {
            this.id = id;
            this.target = target;
            this.accounts = accounts;
        }

        synchronized void begin(Phase p, ScheduledExecutorService timer) {
            this.timer = timer;
            expect(p);
            connect();
        }

        /** The next phase starts with this agent's next connection. */
        synchronized void expect(Phase p) {
            phase = p;
            sent = 0;
            acked = 0;
            connectedInPhase = false;
        }

        private synchronized void connect() {
            if (closing) {
                return;
            }
            try {
                if (channel != null) {
                    channel.shutdownNow();
                }
                channel = TlsChannels.mutual(target, id);
                stream = AgentServiceGrpc.newStub(channel).connect(this);
                stream.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(id.agentId())
                        .setHostname(id.agentId())).build());
            } catch (Exception e) {
                retryLater();
            }
        }

        private void retryLater() {
            long ceiling = attempt >= 30 ? BACKOFF_CAP_MS : Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << attempt);
            attempt++;
            timer.schedule(this::connect, ThreadLocalRandom.current().nextLong(ceiling + 1), TimeUnit.MILLISECONDS);
        }

        private void sendOne() {
            String rid = UUID.randomUUID().toString();
            if (base == null) {
                base = SyntheticFacts.server(id.agentId(), rid, accounts);
            } else if (ThreadLocalRandom.current().nextInt(100) < phase.changedPercent) {
                day++;
                base = base.toBuilder().setAccounts(base.getAccounts().toBuilder().setTodayDays(20_000 + day)).build();
            }
            Facts facts = base.toBuilder().setReportId(rid).setHost(base.getHost().toBuilder()
                    .setCollectedAtEpochMs(System.currentTimeMillis())).build();
            sent++;
            stream.onNext(AgentMessage.newBuilder().setReport(FactReport.newBuilder().setReportId(rid).setFacts(facts)
                    .setTrigger("schedule").setCreatedAtEpochMs(System.currentTimeMillis())).build());
        }

        @Override
        public synchronized void onNext(CollectorMessage m) {
            if (m.hasSchedule()) {
                attempt = 0;
                if (!connectedInPhase) {
                    connectedInPhase = true;
                    phase.connected.incrementAndGet();
                    phase.lastConnected.accumulateAndGet(System.nanoTime(), Math::max);
                }
                while (sent - acked < phase.window && sent < phase.perAgent) {
                    sendOne();
                }
            } else if (m.hasAck()) {
                if (m.getAck().getStored()) {
                    acked++;
                    phase.stored.incrementAndGet();
                    phase.lastStored.accumulateAndGet(System.nanoTime(), Math::max);
                    if (acked == phase.perAgent) {
                        phase.done.countDown();
                    } else if (sent < phase.perAgent) {
                        sendOne();
                    }
                } else {
                    // deferred (the collector's queue is full): the daemon keeps it spooled and sends it again later
                    phase.deferred.incrementAndGet();
                    sent--;
                    timer.schedule(this::resend, 1_000 + ThreadLocalRandom.current().nextLong(1_000),
                            TimeUnit.MILLISECONDS);
                }
            }
        }

        private synchronized void resend() {
            if (!closing && sent < phase.perAgent) {
                sendOne();
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            if (closing) {
                return;
            }
            // reports in flight were not acknowledged: the daemon resends them from its spool after reconnecting
            sent = acked;
            retryLater();
        }

        @Override
        public void onCompleted() {
            onError(new IllegalStateException("stream closed by the collector"));
        }

        void close() {
            closing = true;
            ManagedChannel c;
            synchronized (this) {
                c = channel;
            }
            if (c != null) {
                c.shutdownNow();
            }
        }
    }
}
