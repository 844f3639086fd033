package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.testkit.SyntheticFacts;

import cn.dengbao.sentinel.collector.server.CollectorServer;
import cn.dengbao.sentinel.collector.server.StoreBackend;
import cn.dengbao.sentinel.collector.server.Wiring;

import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.pki.TlsChannels;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.enroll.AgentRegistry;
import cn.dengbao.sentinel.collector.enroll.InMemoryAgentRegistry;
import cn.dengbao.sentinel.collector.enroll.InMemoryTokenStore;
import cn.dengbao.sentinel.collector.enroll.TokenStore;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.ingest.InMemoryReportSink;
import cn.dengbao.sentinel.collector.ingest.IngestLimits;
import cn.dengbao.sentinel.collector.ingest.ReportSink;
import cn.dengbao.sentinel.collector.ingest.SchedulePolicy;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.AgentMessage;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import cn.dengbao.sentinel.proto.CollectorMessage;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Hello;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Sshd;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code bench-ingest}: N simulated agents, each with its own certificate and its own mutual-TLS connection on
 * loopback, stream M reports each to one in-process collector. Prints reports/s stored, p50/p99 send→ack latency
 * and heap after GC. Simulated agents live in the same JVM, so the heap figure is an upper bound for the collector.
 */
@Command(name = "bench-ingest", mixinStandardHelpOptions = true,
        description = "Benchmark: N agents × M reports over mutual TLS into one collector.")
public final class BenchIngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--agents", defaultValue = "100")
    int agents;

    @Option(names = "--reports", defaultValue = "10", description = "reports per agent")
    int reports;

    @Option(names = "--store", defaultValue = "h2",
            description = "h2 (embedded JDBC store, default), postgres (needs --db-url) or memory")
    String storeKind;

    @picocli.CommandLine.Mixin
    cn.dengbao.sentinel.collector.cli.DatabaseOptions db = new cn.dengbao.sentinel.collector.cli.DatabaseOptions();

    @Option(names = "--pool", defaultValue = "8", description = "JDBC connections (postgres)")
    int poolSize;

    @Option(names = "--changed", defaultValue = "100",
            description = "percent of reports whose facts differ from the agent's previous report (a new day: "
                    + "every account's password age moves on); the rest repeat it, as a re-scan the same day does")
    int changedPercent;

    @Option(names = "--window", defaultValue = "4", description = "unacknowledged reports per agent (as the daemon)")
    int window;

    @Option(names = "--accounts", defaultValue = "40", description = "accounts per synthetic facts (payload size)")
    int accountsPerReport;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (agents < 1 || reports < 1 || window < 1) {
            throw new IllegalArgumentException("--agents、--reports 与 --window 须为正数 (must be positive)");
        }
        if (changedPercent < 0 || changedPercent > 100) {
            throw new IllegalArgumentException("--changed 应为 0..100 (must be 0..100)");
        }
        if (!storeKind.equals("memory") && !storeKind.equals("h2") && !storeKind.equals("postgres")) {
            throw new IllegalArgumentException("--store 应为 h2、postgres 或 memory (must be h2, postgres or memory)");
        }
        if (storeKind.equals("postgres") && !db.given()) {
            throw new IllegalArgumentException("--store postgres 需要 --db-url (needs --db-url)");
        }
        Path dir = Files.createTempDirectory("sentinel-bench-");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(CertificateAuthority.Paths.under(dir),
                CertificateAuthority.defaultServerNames(List.of()));
        Store store;
        switch (storeKind) {
            case "memory" -> store = null;
            case "h2" -> store = StoreBackend.openEmbeddedShared(dir.resolve("data"));
            default -> store = Store.open(db.url(), db.user(), db.password(), poolSize);
        }
        TokenStore tokens;
        AgentRegistry registry;
        ReportSink sink;
        if (store == null) {
            tokens = new InMemoryTokenStore();
            registry = new InMemoryAgentRegistry();
            sink = new InMemoryReportSink();
        } else {
            StoreBackend b = new StoreBackend(store);
            tokens = b;
            registry = b;
            sink = b;
        }
        IngestLimits limits = new IngestLimits(8 * 1024 * 1024, 1_000_000, agents + 100,
                IngestLimits.defaults().ingestThreads(), Math.max(2_000, agents * window), Math.max(8, window));
        long heapBase = heapAfterGc();
        try (CollectorServer server = new CollectorServer("127.0.0.1", 0, ca, tokens, registry, sink, Wiring.evaluator(store),
                SchedulePolicy.daily(), limits, Clock.systemUTC()).start()) {
            String target = "127.0.0.1:" + server.port();
            out.printf("collector on %s, store %s; enrolling %d simulated agents…%n", target, storeKind, agents);
            long t0 = System.nanoTime();
            List<SimAgent> sims = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                sims.add(SimAgent.create(ca, registry, i, err));
            }
            out.printf("enrolled in %.1f s; connecting…%n", (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            CountDownLatch connected = new CountDownLatch(agents);
            for (SimAgent s : sims) {
                s.connect(target, connected);
            }
            if (!connected.await(10, TimeUnit.MINUTES)) {
                throw new CommandFailedException("只有 " + (agents - connected.getCount()) + " 个代理连上 (only "
                        + (agents - connected.getCount()) + " agents connected)");
            }
            out.printf("%d mutual-TLS streams up in %.1f s (collector sees %d)%n", agents,
                    (System.nanoTime() - t0) / 1e9, server.sessions().size());
            long heapConnected = heapAfterGc();

            CountDownLatch done = new CountDownLatch(agents);
            java.util.Map<String, Long> cpuBefore = cpuByThreadKind();
            long start = System.nanoTime();
            // steady state: the second half of the reports, after JIT warm-up and every host's first full evaluation
            long half = (long) agents * reports / 2;
            AtomicLong halfAt = new AtomicLong();
            Thread watch = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (server.ingest().storedCount() >= half) {
                        halfAt.set(System.nanoTime());
                        return;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-watch");
            watch.setDaemon(true);
            watch.start();
            for (SimAgent s : sims) {
                s.send(reports, window, accountsPerReport, changedPercent, done);
            }
            if (!done.await(30, TimeUnit.MINUTES)) {
                err.println("timed out: " + (agents - done.getCount()) + " agents finished");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            java.util.Map<String, Long> cpuAfter = cpuByThreadKind();
            long[] lat = sims.stream().flatMapToLong(s -> s.latencies.stream().mapToLong(Long::longValue)).sorted().toArray();
            long heapAfter = heapAfterGc();
            long stored = server.ingest().storedCount();
            out.printf("%n== bench-ingest: %d agents × %d reports, store %s, window %d, facts ≈ %d bytes, "
                    + "%d %% of reports changed ==%n", agents, reports, storeKind, window, sims.get(0).lastSize,
                    changedPercent);
            out.printf("stored           %d reports (duplicates %d, deferred %d, rejected %d) in %.1f s%n", stored,
                    server.ingest().duplicateCount(), server.ingest().deferredCount(), server.ingest().rejectedCount(), secs);
            long end = System.nanoTime();
            watch.interrupt();
            out.printf("throughput       %.0f reports/s stored (whole run)%n", stored / secs);
            if (halfAt.get() != 0 && end > halfAt.get()) {
                out.printf("steady state     %.0f reports/s (second half of the reports: warm JIT, hosts seen before)%n",
                        (stored - half) / ((end - halfAt.get()) / 1e9));
            }
            RuleEngine.MemoStats memo = Wiring.engine().memoStats();
            if (memo.capacity() > 0) {
                out.printf("finding memo     %d hits, %d misses (%.1f %% hits), %d of %d entries used%n",
                        memo.hits(), memo.misses(), 100.0 * memo.hits() / Math.max(1, memo.hits() + memo.misses()),
                        memo.size(), memo.capacity());
            }
            long batches = server.ingest().committer().batches();
            out.printf("group commit     %d commits, %.1f reports per commit%n", batches,
                    batches == 0 ? 0.0 : (double) server.ingest().committer().batchedReports() / batches);
            StringBuilder cpu = new StringBuilder();
            cpuAfter.forEach((kind, ns) -> {
                long d = ns - cpuBefore.getOrDefault(kind, 0L);
                if (d > 0) {
                    cpu.append(String.format("%n  %-22s %7.1f s  %6.0f µs/report", kind, d / 1e9,
                            stored == 0 ? 0.0 : d / 1e3 / stored));
                }
            });
            out.printf("CPU by thread (threads alive at the end; collector and simulated agents share the JVM):%s%n", cpu);
            out.printf("latency send→ack p50 %d ms, p99 %d ms, max %d ms%n", pct(lat, 0.50), pct(lat, 0.99),
                    lat.length == 0 ? 0 : lat[lat.length - 1] / 1_000_000);
            out.printf("heap after GC    baseline %d MiB, %d agents connected %d MiB, after run %d MiB"
                    + " (collector + simulated agents in one JVM; max heap %d MiB)%n", heapBase >> 20, agents,
                    heapConnected >> 20, heapAfter >> 20, Runtime.getRuntime().maxMemory() >> 20);
            for (SimAgent s : sims) {
                s.close();
            }
        } finally {
            if (store != null) {
                store.close();
            }
        }
        return 0;
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1_000_000;
    }

    /** CPU time of live threads grouped by name without digits (ingest pool, group commit, netty, …). */
    static java.util.Map<String, Long> cpuByThreadKind() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                out.merge(t.getThreadName().replaceAll("[0-9]+", "N"), ns, Long::sum);
            }
        }
        return out;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One simulated agent: own key, own certificate, own TLS connection, daemon-like windowed sending. */
    static final class SimAgent implements StreamObserver<CollectorMessage> {
        final AgentIdentity id;
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        final AtomicLong acked = new AtomicLong();
        ManagedChannel channel;
        StreamObserver<AgentMessage> out;
        CountDownLatch connected;
        CountDownLatch done;
        int toSend;
        int sent;
        int accounts;
        int changedPercent;
        /** This agent's facts so far: built once, then moved on a day when a report is one that changed. */
        Facts base;
        int day;
        int lastSize;
        volatile boolean closing;
        volatile boolean failed;

        /** The command's error writer: stream failures are reported there, from gRPC threads. */
        final PrintWriter err;

        SimAgent(AgentIdentity id, PrintWriter err) {
            this.id = id;
            this.err = err;
        }

        static SimAgent create(CertificateAuthority ca, AgentRegistry registry, int n, PrintWriter err) throws Exception {
            KeyPair kp = CertificateAuthority.newKeyPair();
            byte[] csr = new JcaPKCS10CertificationRequestBuilder(new javax.security.auth.x500.X500Principal("CN=x"),
                    kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
            String agentId = Tokens.newAgentId();
            X509Certificate cert = ca.signAgentCsr(csr, agentId);
            registry.register(AgentRecord.enrolment(agentId, "bench-" + n, "Kylin Linux Advanced Server V10", "bench",
                    "bench", cert.getSerialNumber().toString(16),
                    HexFormat.of().formatHex(Fingerprint.sha256(cert.getEncoded())), "127.0.0.1", Instant.now()));
            return new SimAgent(new AgentIdentity(agentId, kp.getPrivate(), cert, ca.caCertificate(), "bench"), err);
        }

        void connect(String target, CountDownLatch connected) throws Exception {
            this.connected = connected;
            channel = TlsChannels.mutual(target, id);
            out = AgentServiceGrpc.newStub(channel).connect(this);
            synchronized (this) {
                out.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(id.agentId())
                        .setHostname(id.agentId())).build());
            }
        }

        void send(int reports, int window, int accounts, int changedPercent, CountDownLatch done) {
            this.done = done;
            this.accounts = accounts;
            this.changedPercent = changedPercent;
            if (failed) {
                done.countDown(); // its stream broke while connecting: do not wait for it
                return;
            }
            synchronized (this) {
                toSend = reports;
                for (int i = 0; i < Math.min(window, reports); i++) {
                    sendOne();
                }
            }
        }

        private void sendOne() {
            String rid = UUID.randomUUID().toString();
            if (base == null) {
                base = SyntheticFacts.server(id.agentId(), rid, accounts);
            } else if (java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < changedPercent) {
                day++;
                base = base.toBuilder().setAccounts(base.getAccounts().toBuilder().setTodayDays(20_000 + day)).build();
            }
            Facts facts = base.toBuilder().setReportId(rid).setHost(base.getHost().toBuilder()
                    .setCollectedAtEpochMs(System.currentTimeMillis())).build();
            FactReport r = FactReport.newBuilder().setReportId(rid).setFacts(facts).setTrigger("schedule")
                    .setCreatedAtEpochMs(System.currentTimeMillis()).build();
            lastSize = r.getSerializedSize();
            sentAt.put(rid, System.nanoTime());
            sent++;
            out.onNext(AgentMessage.newBuilder().setReport(r).build());
        }

        @Override
        public void onNext(CollectorMessage m) {
            if (m.hasSchedule()) {
                connected.countDown();
            } else if (m.hasAck()) {
                Long t = sentAt.remove(m.getAck().getReportId());
                if (t != null && m.getAck().getStored()) {
                    latencies.add(System.nanoTime() - t);
                    long a = acked.incrementAndGet();
                    synchronized (this) {
                        if (sent < toSend) {
                            sendOne();
                        }
                    }
                    if (a == toSend) {
                        done.countDown();
                    }
                } else if (t != null) {
                    // deferred by the collector: resend like the daemon would (immediately here, it is a benchmark)
                    synchronized (this) {
                        sent--;
                        sendOne();
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (closing) {
                return;
            }
            err.println("agent " + id.agentId() + " stream failed: " + io.grpc.Status.fromThrowable(t));
            failed = true;
            connected.countDown();
            if (done != null) {
                while (done.getCount() > 0 && acked.get() < toSend) {
                    done.countDown();
                    break;
                }
            }
        }

        @Override
        public void onCompleted() {
        }

        void close() {
            closing = true;
            try {
                synchronized (this) {
                    out.onCompleted();
                }
            } catch (RuntimeException e) {
                // ignore
            }
            channel.shutdownNow();
        }
    }


}
