package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.store.AgentRepository;
import cn.dengbao.sentinel.collector.store.ScanRequestRecord;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: {@code agents revoke} (another process, through the store) closes the agent's open stream on the
 * running collector within a second, not at the next 30 s revalidation, and the scan requests still queued for it
 * are refused, never delivered. Real collector runtime, real agent over mutual TLS on loopback.
 */
class RevocationTest {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static AgentIdentity enroll(CollectorRuntime rt, String hostname, Path state) throws Exception {
        String token = Tokens.newToken();
        rt.backend().create(Tokens.sha256Hex(token), "web", Instant.now().plus(Duration.ofHours(1)), 1);
        return new Enroller("127.0.0.1:" + rt.port(), rt.ca().fingerprint(), 10).enroll(token, hostname,
                "Debian GNU/Linux 12", "t", state);
    }

    @Test
    void revokeClosesTheOpenStreamAtOnceAndRefusesQueuedRequests() throws Exception {
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("col").toString();
        cfg.scheduler.enabled = false;
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, TestCollector.EVALUATOR)) {
            // an agent that is offline has a scan request waiting for it
            AgentIdentity offline = enroll(rt, "web-01", tmp.resolve("a1"));
            ConsoleRun queued = ConsoleRun.of(() -> CollectorMain.execute("scan", "--agent", offline.agentId(),
                    "--data-dir", cfg.dataDir));
            assertEquals(0, queued.exit(), queued.err());
            long requestId = rt.store().scanRequests().pending(Instant.now(), 10).get(0).id();

            // another agent holds an open stream
            AgentIdentity online = enroll(rt, "web-02", tmp.resolve("a2"));
            try (AgentDaemon d = TestCollector.daemon("127.0.0.1:" + rt.port(), online, tmp.resolve("s2"), 10,
                    TestCollector.facts("web-02"))) {
                d.start();
                TestCollector.await("first report acked", T, () -> d.acked() == 1);
                TestCollector.await("stream registered", T, () -> rt.server().sessions().isConnected(online.agentId()));

                assertEquals(0, ConsoleRun.of(() -> CollectorMain.execute("agents", "revoke", offline.agentId(),
                        "--data-dir", cfg.dataDir)).exit());
                ScanRequestRecord refused = rt.store().scanRequests().byId(requestId).orElseThrow();
                assertEquals(ScanRequestRecord.REFUSED, refused.state(), "refused in the revocation's transaction");
                assertEquals(AgentRepository.REVOKED_REQUEST, refused.result());

                long t0 = System.nanoTime();
                assertEquals(0, ConsoleRun.of(() -> CollectorMain.execute("agents", "revoke", online.agentId(),
                        "--data-dir", cfg.dataDir)).exit());
                TestCollector.await("stream closed", Duration.ofSeconds(5),
                        () -> !rt.server().sessions().isConnected(online.agentId()));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1_500, "stream closed " + ms + " ms after the revocation");
                Thread.sleep(2 * CollectorRuntime.REVOCATION_POLL.toMillis());
                assertTrue(!rt.server().sessions().isConnected(online.agentId()), "and it stays closed");
                assertEquals(1, rt.store().scans().list(rt.backend().hostIdOf(online.agentId()), 10).size(),
                        "nothing stored after the revocation");
            }
        }
    }
}
