package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.cli.AgentMain;
import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.TestPostgres;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of several collectors, in every build (the shared embedded store, or PostgreSQL when
 * SENTINEL_TEST_PG_URL is set; {@link SeveralCollectorsTest} is the two-JVM, SIGKILL version on PostgreSQL): two
 * collectors in this JVM on one store and one data directory (one CA); the agent's {@code enroll} prints and keeps
 * both addresses, which {@code run}'s configuration then uses; an agent
 * streaming to the first moves to the second when the first stops, and every report is stored once.
 */
class AgentFailoverTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final int REPORTS = 40;

    @TempDir
    Path tmp;

    @Test
    void theAgentMovesToTheNextCollectorAndNothingIsLostOrStoredTwice() throws Exception {
        String schema = TestPostgres.available() ? TestPostgres.createSchema() : null;
        try {
            CollectorConfig cfg = new CollectorConfig();
            cfg.listen = "127.0.0.1:0";
            cfg.dataDir = tmp.resolve("col").toString();
            cfg.scheduler.enabled = false;
            cfg.limits.maxReportsPerMinute = 100_000;
            if (schema != null) {
                cfg.database.url = TestPostgres.url(schema);
                cfg.database.user = TestPostgres.USER;
                cfg.database.password = TestPostgres.PASSWORD;
            }
            CollectorRuntime a = CollectorRuntime.start(cfg, TestCollector.EVALUATOR);
            boolean aStopped = false;
            try (CollectorRuntime b = CollectorRuntime.start(cfg, TestCollector.EVALUATOR)) {
                String addrA = "127.0.0.1:" + a.port();
                String addrB = "127.0.0.1:" + b.port();
                List<String> both = List.of(addrA, addrB);
                a.server().advertiseCollectors(both);
                String token = Tokens.newToken();
                a.backend().create(Tokens.sha256Hex(token), "web", Instant.now().plus(Duration.ofHours(1)), 1);
                // the agent's own `enroll`, then the configuration `run` builds: agent.yaml names one collector,
                // the state directory holds the list enrolment handed out
                Path state = tmp.resolve("agent");
                Path tokenFile = tmp.resolve("token");
                Files.writeString(tokenFile, token);
                ConsoleRun enrol = ConsoleRun.of(() -> AgentMain.execute("enroll", "--collector", addrA,
                        "--ca-fingerprint", a.ca().fingerprint(), "--token-file", tokenFile.toString(),
                        "--state-dir", state.toString()));
                assertEquals(0, enrol.exit(), enrol.err());
                assertTrue(enrol.out().contains("collectors: " + addrA + ", " + addrB), enrol.out());
                Path yaml = tmp.resolve("agent.yaml");
                Files.writeString(yaml, "collector: " + addrA + "\nstateDir: " + state + "\n");
                AgentConfig fromEnrolment = AgentConfig.load(yaml).withEnrolledCollectors();
                assertEquals(both, fromEnrolment.addresses(), "enrolment names every collector");
                AgentIdentity id = AgentIdentity.load(state);
                String host = b.backend().hostIdOf(id.agentId());
                try (AgentDaemon d = TestCollector.daemon(addrA, id, tmp.resolve("spool"), 1000,
                        TestCollector.facts("web-07"), c -> {
                            c.collectors = fromEnrolment.addresses();
                            c.reportOnStart = false;
                        })) {
                    d.start();
                    TestCollector.await("streaming to a", T, () -> addrA.equals(d.connectedTo()));
                    for (int i = 0; i < REPORTS; i++) {
                        d.reportNow("schedule");
                    }
                    TestCollector.await("some acked by a", T, () -> d.acked() >= 5);
                    a.close();
                    aStopped = true;
                    TestCollector.await("moved to b", T, () -> addrB.equals(d.connectedTo()));
                    TestCollector.await("all acked", T, () -> d.acked() == REPORTS);
                    assertEquals(0, d.spool().size());
                    assertEquals(0, d.rejected());
                    assertEquals(0, d.setAside());
                }
                Store store = b.store();
                List<String> ids = store.reports().reportIds(host);
                assertEquals(REPORTS, ids.size(), "every report stored");
                assertEquals(REPORTS, ids.stream().distinct().count(), "none twice");
                assertEquals(REPORTS, store.scans().list(host, 1000).size(), "one scan per report");
            } finally {
                if (!aStopped) {
                    a.close();
                }
            }
        } finally {
            if (schema != null) {
                TestPostgres.dropSchema(schema);
            }
        }
    }
}
