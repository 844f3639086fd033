package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve path on the real JDBC store (embedded H2): enrol → stream → stored once → findings queryable. */
class StoreIngestTest {
    @TempDir
    Path tmp;

    static final Evaluator FAILING = facts -> Evaluation.newBuilder().setHost(facts.getHost().getHostname())
            .setReportId(facts.getReportId()).setEvaluatedAtEpochMs(System.currentTimeMillis())
            .addFindings(Finding.newBuilder().setRuleId("pwd.max-age").setClause("8.1.4.1a").setTitle("口令定期更换")
                    .setStatus(Status.FAIL).setRisk(Risk.MEDIUM).setMessage("PASS_MAX_DAYS 99999"))
            .build();

    @Test
    void reportsAreStoredOnceAndFindingsAreQueryable() throws Exception {
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("col").toString();
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, FAILING)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("col"))));
            String target = "127.0.0.1:" + rt.port();
            String token = Tokens.newToken();
            rt.backend().create(Tokens.sha256Hex(token), "web", Instant.now().plus(Duration.ofHours(1)), 1);
            AgentIdentity id = new Enroller(target, rt.ca().fingerprint(), 10).enroll(token, "db-01", "Kylin V10", "t",
                    tmp.resolve("agent"));
            String hostId = rt.backend().hostIdOf(id.agentId());
            assertEquals("web", rt.store().hosts().byId(hostId).orElseThrow().group());

            AgentConfig ac = new AgentConfig();
            ac.collector = target;
            try (AgentDaemon d = new AgentDaemon(ac, id, TestCollector.facts("db-01"), new Spool(tmp.resolve("spool"), 10, 1 << 24),
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), RandomGenerator.getDefault()), "t")) {
                d.start();
                TestCollector.await("first report acked", Duration.ofSeconds(30), () -> d.acked() == 1);
                d.reportNow("scan_now");
                TestCollector.await("second report acked", Duration.ofSeconds(30), () -> d.acked() == 2);
            }
            assertEquals(2, rt.store().reports().reportIds(hostId).size());
            assertEquals(2, rt.store().scans().list(hostId, 10).size());
            List<FindingRecord> open = rt.store().findings().current(hostId);
            assertEquals(1, open.size());
            assertEquals("8.1.4.1a", open.get(0).clause());
            assertTrue(rt.store().agents().byId(id.agentId()).orElseThrow().lastReportAt() != null);

            // A resend of a stored report (lost ack) changes nothing.
            String reportId = rt.store().reports().reportIds(hostId).get(0);
            var stored = rt.store().reports().byId(reportId).orElseThrow();
            assertTrue(rt.store().reports().exists(reportId));
            assertEquals(false, rt.backend().store(id.agentId(), cn.dengbao.sentinel.proto.FactReport.newBuilder()
                    .setReportId(reportId).setTrigger("start").setCreatedAtEpochMs(1).setFacts(stored.facts()).build(),
                    FAILING.evaluate(stored.facts())));
            assertEquals(2, rt.store().scans().list(hostId, 10).size());

            // CLI against the same data dir while the collector runs (H2 AUTO_SERVER on loopback)
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream old = System.out;
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, CollectorMain.execute("agents", "list", "--data-dir", cfg.dataDir));
                assertEquals(0, CollectorMain.execute("agents", "revoke", id.agentId(), "--data-dir", cfg.dataDir));
                assertEquals(0, CollectorMain.execute("token", "create", "--data-dir", cfg.dataDir, "--ttl", "1h"));
                assertEquals(2, CollectorMain.execute("token", "create", "--data-dir", cfg.dataDir, "--ttl", "soon"));
            } finally {
                System.setOut(old);
            }
            String out = buf.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains(id.agentId()), out);
            assertTrue(out.contains("dbs_"), "token printed once");
            assertEquals(false, rt.backend().isActive(id.agentId(), rt.store().agents().byId(id.agentId()).orElseThrow().certSha256()));
        }
    }
}
