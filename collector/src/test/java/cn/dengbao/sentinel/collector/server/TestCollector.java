package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.probes.FactSource;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.enroll.InMemoryAgentRegistry;
import cn.dengbao.sentinel.collector.enroll.InMemoryTokenStore;
import cn.dengbao.sentinel.collector.enroll.TokenStore;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.ingest.InMemoryReportSink;
import cn.dengbao.sentinel.collector.ingest.IngestLimits;
import cn.dengbao.sentinel.collector.ingest.SchedulePolicy;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/** A real collector (TLS on loopback, real CA in a temp dir) with in-memory stores, for tests. */
final class TestCollector implements AutoCloseable {
    final Path dataDir;
    final CertificateAuthority ca;
    final InMemoryTokenStore tokens = new InMemoryTokenStore();
    final InMemoryAgentRegistry agents = new InMemoryAgentRegistry();
    final InMemoryReportSink sink = new InMemoryReportSink();
    final IngestLimits limits;
    CollectorServer server;
    int port;

    static final Evaluator EVALUATOR = facts -> Evaluation.newBuilder()
            .setHost(facts.getHost().getHostname())
            .setReportId(facts.getReportId())
            .addFindings(Finding.newBuilder().setRuleId("test.hostname").setClause("8.1.4.1a").setTitle("测试规则")
                    .setStatus(facts.getHost().getHostname().isEmpty() ? Status.FAIL : Status.PASS).setRisk(Risk.NONE))
            .build();

    TestCollector(Path dataDir) throws Exception {
        this(dataDir, IngestLimits.defaults());
    }

    TestCollector(Path dataDir, IngestLimits limits) throws Exception {
        this.dataDir = dataDir;
        this.limits = limits;
        this.ca = CertificateAuthority.loadOrCreate(CertificateAuthority.Paths.under(dataDir),
                CertificateAuthority.defaultServerNames(List.of()));
    }

    TestCollector start() throws Exception {
        return start(0);
    }

    TestCollector start(int onPort) throws Exception {
        server = new CollectorServer("127.0.0.1", onPort, ca, tokens, agents, sink, EVALUATOR, SchedulePolicy.daily(),
                limits, Clock.systemUTC()).start();
        port = server.port();
        return this;
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    String target() {
        return "127.0.0.1:" + port;
    }

    String token(int uses, Duration ttl, String group) {
        String t = Tokens.newToken();
        tokens.create(Tokens.sha256Hex(t), group, Instant.now().plus(ttl), uses);
        return t;
    }

    AgentIdentity enroll(Path stateDir) throws Exception {
        return new Enroller(target(), ca.fingerprint(), 10).enroll(token(1, Duration.ofHours(1), "web"), "host-a",
                "Debian GNU/Linux 12", "test", stateDir);
    }

    AgentDaemon daemon(AgentIdentity id, Path spoolDir, int maxFiles, FactSource source) throws Exception {
        return daemon(id, spoolDir, maxFiles, source, cfg -> { });
    }

    /** A daemon whose configuration the test adjusts (report size limit, window …). */
    AgentDaemon daemon(AgentIdentity id, Path spoolDir, int maxFiles, FactSource source,
                       java.util.function.Consumer<AgentConfig> tune) throws Exception {
        return daemon(target(), id, spoolDir, maxFiles, source, tune);
    }

    /** An agent daemon (not started) for the collector at {@code target}: reports on start, quick reconnects. */
    static AgentDaemon daemon(String target, AgentIdentity id, Path spoolDir, int maxFiles, FactSource source)
            throws Exception {
        return daemon(target, id, spoolDir, maxFiles, source, cfg -> { });
    }

    static AgentDaemon daemon(String target, AgentIdentity id, Path spoolDir, int maxFiles, FactSource source,
                              java.util.function.Consumer<AgentConfig> tune) throws Exception {
        AgentConfig cfg = new AgentConfig();
        cfg.collector = target;
        cfg.heartbeatSeconds = 30;
        cfg.reportOnStart = true;
        tune.accept(cfg);
        return new AgentDaemon(cfg, id, source, new Spool(spoolDir, maxFiles, 64L * 1024 * 1024),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), RandomGenerator.getDefault()), "test");
    }

    static FactSource facts(String hostname) {
        return sections -> Facts.newBuilder().setSchemaVersion("1")
                .setHost(HostInfo.newBuilder().setHostname(hostname).setCollectedAtEpochMs(System.currentTimeMillis())
                        .addIpAddresses("10.0.0.5"))
                .build();
    }

    static void await(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    TokenStore tokenStore() {
        return tokens;
    }

    @Override
    public void close() {
        stop();
    }
}
