package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.store.Store;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector runs in a separate JVM and is killed with SIGKILL while 3 agents stream 100 reports each; it is
 * restarted on the same data dir and port. Every report must end up stored exactly once.
 */
class CollectorCrashTest {
    private static final int AGENTS = 3;
    private static final int REPORTS = 100;

    @TempDir
    Path tmp;

    @Test
    void sigkillDuringStreamingLosesNothingAndDuplicatesNothing() throws Exception {
        Path data = tmp.resolve("collector");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path yaml = tmp.resolve("collector.yaml");
        Files.writeString(yaml, "listen: 127.0.0.1:" + port + "\ndataDir: " + data + "\n"
                + "limits: { maxReportsPerMinute: 100000 }\n");
        List<String> tokens = new ArrayList<>();
        try (Store store = StoreBackend.openEmbeddedShared(data)) {
            StoreBackend b = new StoreBackend(store);
            for (int i = 0; i < AGENTS; i++) {
                String t = Tokens.newToken();
                b.create(Tokens.sha256Hex(t), "crash", Instant.now().plus(Duration.ofHours(1)), 1);
                tokens.add(t);
            }
        }
        Process collector = CollectorProcess.start(yaml, tmp.resolve("run1.log"), "-Xmx256m");
        List<AgentDaemon> daemons = new ArrayList<>();
        try {
            String fp = CollectorProcess.awaitFingerprint(tmp.resolve("run1.log"), collector);
            String target = "127.0.0.1:" + port;
            for (int i = 0; i < AGENTS; i++) {
                AgentIdentity id = new Enroller(target, fp, 30).enroll(tokens.get(i), "crash-" + i, "Debian 12", "t",
                        tmp.resolve("agent" + i));
                AgentConfig ac = new AgentConfig();
                ac.collector = target;
                ac.reportOnStart = false;
                AgentDaemon d = new AgentDaemon(ac, id, TestCollector.facts("crash-" + i),
                        new Spool(tmp.resolve("spool" + i), 1000, 1L << 30),
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), RandomGenerator.getDefault()), "t");
                daemons.add(d);
                d.start();
            }
            for (int r = 0; r < REPORTS; r++) {
                for (AgentDaemon d : daemons) {
                    d.reportNow("scan_now");
                }
            }
            TestCollector.await("some reports acked before the crash", Duration.ofSeconds(60), () -> totalAcked(daemons) >= 30);
            long ackedBeforeKill = totalAcked(daemons);
            collector.destroyForcibly(); // SIGKILL: no shutdown hook, no store close
            assertTrue(collector.waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, collector.exitValue(), "killed by SIGKILL");
            assertTrue(ackedBeforeKill < AGENTS * REPORTS, "the kill happened mid-stream");

            collector = CollectorProcess.start(yaml, tmp.resolve("run2.log"), "-Xmx256m");
            CollectorProcess.awaitFingerprint(tmp.resolve("run2.log"), collector);
            TestCollector.await("all reports acked after the restart", Duration.ofSeconds(120),
                    () -> totalAcked(daemons) == AGENTS * REPORTS);
            for (AgentDaemon d : daemons) {
                assertEquals(0, d.spool().size());
                assertEquals(0, d.spool().dropped());
                assertEquals(0, d.rejected());
            }
        } finally {
            for (AgentDaemon d : daemons) {
                d.close();
            }
            collector.destroy();
            collector.waitFor(20, TimeUnit.SECONDS);
        }
        try (Store store = StoreBackend.openEmbeddedShared(data)) {
            Set<String> reportIds = new HashSet<>();
            int scans = 0;
            for (int i = 0; i < AGENTS; i++) {
                String hostId = store.hosts().byName("crash-" + i).orElseThrow().id();
                List<String> ids = store.reports().reportIds(hostId);
                assertEquals(REPORTS, ids.size(), "host crash-" + i);
                reportIds.addAll(ids);
                scans += store.scans().list(hostId, 1000).size();
            }
            assertEquals(AGENTS * REPORTS, reportIds.size(), "300 distinct reports");
            assertEquals(AGENTS * REPORTS, scans, "one scan per report");
        }
    }

    private static long totalAcked(List<AgentDaemon> ds) {
        return ds.stream().mapToLong(AgentDaemon::acked).sum();
    }
}
