package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.ssh.SshdTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.testkit.TestSshd;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.ScanSummary;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.targets.TargetService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s runtime runs the schedules: real TLS collector on loopback, real OpenSSH target, real rules.
 * A run missed while the collector was down executes once at start and stores the SSH host's judged scan; an
 * agent-group schedule reaches the connected agent of that group, whose report is stored.
 */
class ScheduledServeTest {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void runtimeRunsMissedSshScheduleOnceAndAsksTheGroupsAgents(@TempDir Path sshDir) throws Exception {
        try (TestSshd sshd = TestSshd.start(sshDir, "host_ed25519")) {
            CollectorConfig cfg = new CollectorConfig();
            cfg.listen = "127.0.0.1:0";
            cfg.dataDir = tmp.resolve("col").toString();
            cfg.scheduler.tickSeconds = 0.2;
            cfg.scheduler.concurrency = 2;

            // Operator set-up while the collector was down: a target and a daily schedule whose last run is old.
            cn.dengbao.sentinel.pki.SecureFiles.privateDir(cfg.dataDirPath());
            String missedId;
            try (Store store = CollectorRuntime.openStore(cfg)) {
                CredentialVault vault = CredentialVault.openOrCreate(cfg.dataDirPath().resolve("vault.key"));
                new TargetService(store.targets(), vault).add("web-01", "127.0.0.1", sshd.port(), TestSshd.USER, true,
                        "prod", SshdTargets.pin(sshd), Credential.privateKey(sshd.userPrivateKey(), null), Instant.now());
                missedId = store.schedules().create("prod", "0 3 * * *", "ssh").id();
                store.schedules().finish(missedId, Instant.now().minus(Duration.ofDays(3)));
            }

            try (CollectorRuntime rt = CollectorRuntime.start(cfg, Wiring::evaluator)) {
                assertTrue(rt.scheduledScans().isPresent());
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(cfg.dataDirPath().resolve("vault.key"))));
                Store store = rt.store();

                TestCollector.await("missed run finished", T, () -> !finished(store, missedId).isEmpty());
                ScanRunRecord run = finished(store, missedId).get(0);
                assertEquals(1, run.hostsOk(), run.errorsJson());
                assertEquals(0, run.hostsFailed(), run.errorsJson());
                assertTrue(run.errorsJson().contains("补跑"), run.errorsJson());

                String sshHost = store.hosts().byName("web-01").orElseThrow().id();
                ScanSummary scan = store.scans().latest(sshHost).orElseThrow();
                assertEquals("schedule", scan.trigger());
                assertTrue(scan.total() > 20, "the built-in rules judged the SSH facts: " + scan);
                List<FindingRecord> findings = store.findings().current(sshHost);
                assertFalse(findings.isEmpty(), "a stock test machine fails some level-3 rules");
                assertTrue(findings.stream().allMatch(f -> f.clause().startsWith("8.")), findings.toString());

                // An agent of group prod connects; an agent-group schedule then reaches it.
                String target = "127.0.0.1:" + rt.port();
                String token = Tokens.newToken();
                rt.backend().create(Tokens.sha256Hex(token), "prod", Instant.now().plus(Duration.ofHours(1)), 1);
                AgentIdentity id = new Enroller(target, rt.ca().fingerprint(), 10).enroll(token, "db-01", "Kylin V10", "t",
                        tmp.resolve("agent"));
                String agentHost = rt.backend().hostIdOf(id.agentId());
                AgentConfig ac = new AgentConfig();
                ac.collector = target;
                try (AgentDaemon d = new AgentDaemon(ac, id, TestCollector.facts("db-01"),
                        new Spool(tmp.resolve("spool"), 10, 1 << 24),
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), RandomGenerator.getDefault()), "t")) {
                    d.start();
                    TestCollector.await("first report acked", T, () -> d.acked() == 1);
                    TestCollector.await("agent stream registered", T, () -> rt.server().sessions().isConnected(id.agentId()));

                    String agentSchedule = store.schedules().create("prod", "* * * * *", "agent").id();
                    store.schedules().finish(agentSchedule, Instant.now().minus(Duration.ofMinutes(3)));
                    TestCollector.await("scheduled agent report stored", T,
                            () -> store.scans().list(agentHost, 10).stream().anyMatch(s -> s.trigger().equals("scan_now")));
                    TestCollector.await("agent run finished", T, () -> !finished(store, agentSchedule).isEmpty());
                    ScanRunRecord agentRun = finished(store, agentSchedule).get(0);
                    assertTrue(agentRun.errorsJson().contains("已请求 1 个 agent"), agentRun.errorsJson());
                }
                // executed once, not once per missed day, and not again on later ticks
                Thread.sleep(1000);
                assertEquals(1, finished(store, missedId).size());
                assertEquals(1, store.scans().list(sshHost, 10).size());
            }
        }
    }

    @Test
    void schedulerCanBeTurnedOffAndConfigIsValidated() throws Exception {
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("off").toString();
        cfg.scheduler.enabled = false;
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, Wiring::evaluator)) {
            assertTrue(rt.scheduledScans().isEmpty());
            assertFalse(Files.exists(cfg.dataDirPath().resolve("vault.key")));
        }
        CollectorConfig bad = new CollectorConfig();
        bad.scheduler.concurrency = 0;
        assertEquals("scheduler.concurrency must be 1..1024",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, bad::validate).getMessage());
        Path yaml = tmp.resolve("c.yaml");
        Files.writeString(yaml, "scheduler: { enabled: true, concurrency: 4, tickSeconds: 5 }\n");
        CollectorConfig loaded = CollectorConfig.load(yaml);
        assertEquals(4, loaded.scheduler.concurrency);
        assertEquals(Duration.ofSeconds(5), loaded.schedulerTick());
        assertEquals(loaded.dataDirPath().resolve("vault.key"), loaded.vaultKeyPath());
    }

    private static List<ScanRunRecord> finished(Store store, String scheduleId) {
        return store.scanRuns().list(50).stream()
                .filter(r -> scheduleId.equals(r.scheduleId()) && r.finishedAt() != null).toList();
    }
}
