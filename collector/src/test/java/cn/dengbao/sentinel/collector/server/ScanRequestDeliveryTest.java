package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.scanrequest.ScanRequestDispatcher;
import cn.dengbao.sentinel.collector.store.ScanRequestRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.TestPostgres;
import cn.dengbao.sentinel.pki.AgentIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan} writes requests into the store and a running collector ({@code serve}'s runtime, real mutual TLS on
 * loopback, real agent) delivers them to the connected agent exactly once; with two collectors on one database
 * the one holding the agent's stream delivers it (PostgreSQL when SENTINEL_TEST_PG_URL is set, else the shared
 * embedded H2). Mistakes (unknown agent, empty group, revoked agent) are errors with exit 2.
 */
class ScanRequestDeliveryTest {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private CollectorConfig config(String database) {
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("col").toString();
        cfg.scheduler.enabled = false;
        cfg.database.url = database;
        cfg.database.user = database == null ? null : TestPostgres.USER;
        cfg.database.password = database == null ? null : TestPostgres.PASSWORD;
        return cfg;
    }

    /** collector.yaml for the CLI: the same data directory and database as the running collectors. */
    private Path configFile(CollectorConfig cfg) throws Exception {
        Path yaml = tmp.resolve("collector.yaml");
        Files.writeString(yaml, "dataDir: " + cfg.dataDir + "\n" + (cfg.database.url == null ? ""
                : "database: { url: \"" + cfg.database.url + "\", user: \"" + cfg.database.user + "\", password: \""
                        + cfg.database.password + "\" }\n"));
        return yaml;
    }

    private static AgentIdentity enroll(CollectorRuntime rt, String hostname, Path state) throws Exception {
        String token = Tokens.newToken();
        rt.backend().create(Tokens.sha256Hex(token), "web", Instant.now().plus(Duration.ofHours(1)), 1);
        return new Enroller("127.0.0.1:" + rt.port(), rt.ca().fingerprint(), 10).enroll(token, hostname,
                "Debian GNU/Linux 12", "t", state);
    }

    private static long scanNowReports(Store store, String hostId) {
        return store.scans().list(hostId, 20).stream().filter(s -> s.trigger().equals("scan_now")).count();
    }

    @Test
    void theCliScanReachesTheConnectedAgentExactlyOnce() throws Exception {
        CollectorConfig cfg = config(null);
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, TestCollector.EVALUATOR)) {
            AgentIdentity id = enroll(rt, "web-01", tmp.resolve("agent"));
            String host = rt.backend().hostIdOf(id.agentId());
            try (AgentDaemon d = TestCollector.daemon("127.0.0.1:" + rt.port(), id, tmp.resolve("spool"), 10,
                    TestCollector.facts("web-01"))) {
                d.start();
                TestCollector.await("first report acked", T, () -> d.acked() == 1);
                TestCollector.await("stream registered", T, () -> rt.server().sessions().isConnected(id.agentId()));

                ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute("scan", "--agent", id.agentId(), "--section", "SECTION_SSHD",
                        "--data-dir", cfg.dataDir));
                assertEquals(0, r.exit(), r.err());
                assertTrue(r.out().contains("已为 1 个 agent 排队扫描请求"), r.out());
                TestCollector.await("requested report stored", T, () -> scanNowReports(rt.store(), host) == 1);
                Thread.sleep(4 * ScanRequestDispatcher.POLL.toMillis());   // more polls: nothing is sent again
                assertEquals(1, scanNowReports(rt.store(), host));
                assertEquals(2, d.acked());
                ScanRequestRecord req = rt.store().scanRequests().byId(1).orElseThrow();
                assertEquals(ScanRequestRecord.SENT, req.state());
                assertTrue(req.takenBy().contains(":" + rt.port() + " "), req.takenBy());
                assertEquals(List.of("SECTION_SSHD"), req.sections());
                assertTrue(rt.store().audit().list(0, 100).stream().anyMatch(e -> e.action().equals("scan.request")
                        && e.detailsJson().contains("agent:" + id.agentId())), "the operator's request is audited");
            }

            ConsoleRun unknown = ConsoleRun.of(() -> CollectorMain.execute("scan", "--agent", "nosuch", "--data-dir", cfg.dataDir));
            assertEquals(2, unknown.exit());
            assertTrue(unknown.err().startsWith("错误：未知的 agent: nosuch"), unknown.err());
            ConsoleRun emptyGroup = ConsoleRun.of(() -> CollectorMain.execute("scan", "--group", "nosuch", "--data-dir", cfg.dataDir));
            assertEquals(2, emptyGroup.exit());
            assertTrue(emptyGroup.err().startsWith("错误：分组 nosuch 中没有有效的 agent"), emptyGroup.err());
            assertEquals(0, ConsoleRun.of(() -> CollectorMain.execute("agents", "revoke", id.agentId(), "--data-dir", cfg.dataDir)).exit());
            ConsoleRun revoked = ConsoleRun.of(() -> CollectorMain.execute("scan", "--agent", id.agentId(), "--data-dir", cfg.dataDir));
            assertEquals(2, revoked.exit());
            assertTrue(revoked.err().startsWith("错误：agent " + id.agentId() + " 已被吊销"), revoked.err());
            assertTrue(rt.store().scanRequests().pending(Instant.now(), 10).isEmpty(), "no request from a mistake");
            assertTrue(Files.notExists(cfg.dataDirPath().resolve("scan-requests")), "no file-based requests any more");
        }
    }

    /** The point of issue 10 item 7: the agent holds its stream on the second collector, the CLI reaches it there. */
    @Test
    void anAgentOnTheOtherCollectorIsReachedByThatCollector() throws Exception {
        String schema = TestPostgres.available() ? TestPostgres.createSchema() : null;
        try {
            CollectorConfig cfg = config(schema == null ? null : TestPostgres.url(schema));
            try (CollectorRuntime a = CollectorRuntime.start(cfg, TestCollector.EVALUATOR);
                 CollectorRuntime b = CollectorRuntime.start(cfg, TestCollector.EVALUATOR)) {
                AgentIdentity id = enroll(b, "web-02", tmp.resolve("agent"));
                String host = b.backend().hostIdOf(id.agentId());
                try (AgentDaemon d = TestCollector.daemon("127.0.0.1:" + b.port(), id, tmp.resolve("spool"), 10,
                        TestCollector.facts("web-02"))) {
                    d.start();
                    TestCollector.await("stream registered on b", T, () -> b.server().sessions().isConnected(id.agentId()));
                    String config = configFile(cfg).toString();
                    ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute("scan", "--group", "web", "--config", config));
                    assertEquals(0, r.exit(), r.err());
                    TestCollector.await("requested report stored", T, () -> scanNowReports(a.store(), host) == 1);
                    Thread.sleep(4 * ScanRequestDispatcher.POLL.toMillis());
                    assertEquals(1, scanNowReports(b.store(), host));
                    ScanRequestRecord req = a.store().scanRequests().byId(1).orElseThrow();
                    assertEquals(ScanRequestRecord.SENT, req.state());
                    assertTrue(req.takenBy().contains(":" + b.port() + " "), "taken by b: " + req.takenBy());
                    assertEquals("group:web", req.requestedFor());
                }
            }
        } finally {
            if (schema != null) {
                TestPostgres.dropSchema(schema);
            }
        }
    }
}
