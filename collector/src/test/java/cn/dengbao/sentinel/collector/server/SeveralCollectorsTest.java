package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.store.ScanRequestRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.TestPostgres;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1, end to end: two collectors, each its own JVM started from this module's classpath with
 * {@code serve} (so the kill is a real SIGKILL: no shutdown hook, sockets reset by the kernel), on one PostgreSQL,
 * sharing the CA, the audit/export key and the vault key as docs/architecture.md tells operators to; three real
 * agents over mutual TLS on loopback, two preferring collector A, one preferring B.
 * <ul>
 * <li>enrolment tells the agents both collectors;</li>
 * <li>a {@code scan} run with A's configuration reaches the agent streaming to B, and the other way round;</li>
 * <li>a schedule due while both run fires once;</li>
 * <li>A is killed while the agents stream: its agents move to B, every report is stored exactly once (the
 * agents' spools empty, one scans row per report id);</li>
 * <li>a schedule that falls due while A is dead runs once, on B, and reaches all three agents there;</li>
 * <li>an agent revoked through A's configuration loses its stream on B;</li>
 * <li>the one audit chain, appended to by both collectors and the CLI, verifies with B's copy of the key.</li>
 * </ul>
 * Skipped without SENTINEL_TEST_PG_URL, like the other PostgreSQL tests: the embedded H2 is one collector's.
 */
class SeveralCollectorsTest {
    private static final int AGENTS = 3;
    private static final int REPORTS = 60;
    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void agentsFailOverReportsStayExactlyOnceSchedulesFireOnceScansCrossCollectors() throws Exception {
        Assumptions.assumeTrue(TestPostgres.available(), "SENTINEL_TEST_PG_URL not set");
        String schema = TestPostgres.createSchema();
        String url = TestPostgres.url(schema);
        int portA = freePort();
        int portB = freePort();
        String a = "127.0.0.1:" + portA;
        String b = "127.0.0.1:" + portB;
        Path dataA = tmp.resolve("a");
        Path dataB = tmp.resolve("b");
        Path yamlA = writeConfig("a.yaml", portA, dataA, url, a, b);
        Path yamlB = writeConfig("b.yaml", portB, dataB, url, a, b);
        Process procA = null;
        Process procB = null;
        List<AgentDaemon> daemons = new ArrayList<>();
        try (Store store = Store.open(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            procA = CollectorProcess.start(yamlA, tmp.resolve("a.log"), "-Xmx256m", "-XX:TieredStopAtLevel=1");
            String fp = CollectorProcess.awaitFingerprint(tmp.resolve("a.log"), procA);
            // the second collector: the first one's CA, audit/export signing key and vault key (docs: "several
            // collectors"); it issues its own server certificate from the shared CA
            shareSecrets(dataA, dataB);
            procB = CollectorProcess.start(yamlB, tmp.resolve("b.log"), "-Xmx256m", "-XX:TieredStopAtLevel=1");
            assertEquals(fp, CollectorProcess.awaitFingerprint(tmp.resolve("b.log"), procB), "one CA for both collectors");

            StoreBackend backend = new StoreBackend(store);
            List<String> agentIds = new ArrayList<>();
            List<String> hostIds = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                String token = Tokens.newToken();
                backend.create(Tokens.sha256Hex(token), "multi", Instant.now().plus(Duration.ofHours(1)), 1);
                Enroller enroller = new Enroller(a, fp, 30);
                AgentIdentity id = enroller.enroll(token, "multi-" + i, "Debian GNU/Linux 12", "t",
                        tmp.resolve("agent" + i));
                assertEquals(List.of(a, b), enroller.collectors(), "enrolment names every collector");
                AgentConfig ac = new AgentConfig();
                ac.collectors = i < 2 ? List.of(a, b) : List.of(b, a);
                ac.reportOnStart = false;
                ac.heartbeatSeconds = 30;
                AgentDaemon d = new AgentDaemon(ac, id, TestCollector.facts("multi-" + i),
                        new Spool(tmp.resolve("spool" + i), 1000, 1L << 30),
                        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), RandomGenerator.getDefault()), "t");
                daemons.add(d);
                agentIds.add(id.agentId());
                hostIds.add(backend.hostIdOf(id.agentId()));
                d.start();
            }
            for (int i = 0; i < AGENTS; i++) {
                AgentDaemon d = daemons.get(i);
                String expected = i < 2 ? a : b;
                TestCollector.await("agent " + i + " on " + expected, T, () -> expected.equals(d.connectedTo()));
            }

            // a scan asked through A's configuration reaches agent 2, whose stream is on B; and the reverse
            assertEquals(0, cli("scan", "--agent", agentIds.get(2), "--config", yamlA.toString()).exit());
            assertEquals(0, cli("scan", "--agent", agentIds.get(0), "--config", yamlB.toString()).exit());
            TestCollector.await("both cross-collector scans reported", T,
                    () -> scanNow(store, hostIds.get(2)) == 1 && scanNow(store, hostIds.get(0)) == 1);
            assertTakenBy(store, agentIds.get(2), portB);
            assertTakenBy(store, agentIds.get(0), portA);

            // a schedule due now with both collectors ticking every 200 ms: one run, the group's agents asked once
            String both = dueSchedule(store, url, schema, "both alive");
            TestCollector.await("the schedule's requests reported", T,
                    () -> scanNow(store, hostIds.get(0)) == 2 && scanNow(store, hostIds.get(1)) == 1
                            && scanNow(store, hostIds.get(2)) == 2);
            Thread.sleep(1_500); // several more ticks of both collectors
            assertEquals(1, count(url, "SELECT COUNT(*) FROM scan_runs WHERE schedule_id = ?", both));
            assertEquals(1, count(url, "SELECT COUNT(*) FROM schedule_fires WHERE schedule_id = ?", both));
            assertEquals(AGENTS, count(url, "SELECT COUNT(*) FROM scan_requests WHERE requested_by = 'schedule'"));

            // stream reports, then SIGKILL A mid-stream
            long before = totalAcked(daemons);
            for (int r = 0; r < REPORTS; r++) {
                for (AgentDaemon d : daemons) {
                    d.reportNow("schedule");
                }
            }
            TestCollector.await("some reports acked before the kill", T, () -> totalAcked(daemons) >= before + 20);
            long killedAt = System.nanoTime();
            procA.destroyForcibly();
            assertTrue(procA.waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, procA.exitValue(), "killed by SIGKILL");
            assertTrue(totalAcked(daemons) < before + AGENTS * REPORTS, "the kill happened mid-stream");

            for (int i = 0; i < AGENTS; i++) {
                AgentDaemon d = daemons.get(i);
                TestCollector.await("agent " + i + " moved to B", T, () -> b.equals(d.connectedTo()));
            }
            long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
            TestCollector.await("every report acked by B", T,
                    () -> totalAcked(daemons) == before + AGENTS * REPORTS);
            System.out.printf("several collectors: A killed; its agents on B after %d ms, every report acked %d ms "
                    + "after the kill%n", movedMs, (System.nanoTime() - killedAt) / 1_000_000);

            // a schedule that falls due while A is dead: B runs it, once, and reaches all three agents
            String meanwhile = dueSchedule(store, url, schema, "A dead");
            TestCollector.await("the second schedule's requests reported", T,
                    () -> scanNow(store, hostIds.get(0)) == 3 && scanNow(store, hostIds.get(1)) == 2
                            && scanNow(store, hostIds.get(2)) == 3);
            Thread.sleep(1_000);
            assertEquals(1, count(url, "SELECT COUNT(*) FROM scan_runs WHERE schedule_id = ?", meanwhile));
            String claimedBy = one(url, "SELECT claimed_by FROM schedule_fires WHERE schedule_id = ?", meanwhile);
            assertTrue(claimedBy.endsWith("pid " + procB.pid()), "run by B: " + claimedBy);

            long expectedTotal = before + AGENTS * REPORTS + AGENTS; // + the second schedule's reports
            TestCollector.await("all acked", T, () -> totalAcked(daemons) == expectedTotal);
            for (AgentDaemon d : daemons) {
                assertEquals(0, d.spool().size(), "nothing left unsent");
                assertEquals(0, d.spool().dropped());
                assertEquals(0, d.rejected());
                assertEquals(0, d.setAside());
            }
            // nothing lost, nothing twice: one scan per acknowledged report, every report id once
            long scans = 0;
            for (String h : hostIds) {
                long n = count(url, "SELECT COUNT(*) FROM scans WHERE host_id = ?", h);
                assertEquals(n, count(url, "SELECT COUNT(DISTINCT report_id) FROM scans WHERE host_id = ?", h));
                assertEquals(n, count(url, "SELECT COUNT(*) FROM reports WHERE host_id = ?", h));
                assertEquals(REPORTS, count(url, "SELECT COUNT(*) FROM scans WHERE host_id = ? AND trigger = 'schedule'",
                        h), "every streamed report of host " + h);
                scans += n;
            }
            assertEquals(expectedTotal, scans, "stored = acknowledged");

            // a revocation made with A's configuration (A is dead) closes the agent's stream on B
            assertEquals(0, cli("agents", "revoke", agentIds.get(2), "--config", yamlA.toString()).exit());
            TestCollector.await("revoked agent's stream closed by B", Duration.ofSeconds(10),
                    () -> daemons.get(2).connectedTo() == null);

            // one audit chain written by both collectors and the CLI, every entry signed with the shared key:
            // B's data directory (its copy of the key, its own anchor file) verifies all of it
            ConsoleRun audit = cli("audit", "verify", "--config", yamlB.toString());
            assertEquals(0, audit.exit(), audit.out() + audit.err());
        } finally {
            for (AgentDaemon d : daemons) {
                d.close();
            }
            for (Process p : new Process[] {procA, procB}) {
                if (p != null) {
                    p.destroyForcibly();
                    p.waitFor(20, TimeUnit.SECONDS);
                }
            }
            TestPostgres.dropSchema(schema);
        }
    }

    private Path writeConfig(String name, int port, Path data, String url, String a, String b) throws Exception {
        Path yaml = tmp.resolve(name);
        Files.writeString(yaml, "listen: 127.0.0.1:" + port + "\ndataDir: " + data + "\n"
                + "database: { url: \"" + url + "\", user: \"" + TestPostgres.USER + "\", password: \""
                + TestPostgres.PASSWORD + "\" }\n"
                + "collectors: [\"" + a + "\", \"" + b + "\"]\n"
                + "timeZone: UTC\n"
                + "limits: { maxReportsPerMinute: 100000 }\n"
                + "scheduler: { tickSeconds: 0.2 }\n");
        return yaml;
    }

    /** What docs/architecture.md says to copy to a second collector's data directory (0700 / 0600). */
    private static void shareSecrets(Path from, Path to) throws Exception {
        for (String dir : new String[] {"", "pki", "keys"}) {
            Files.createDirectories(to.resolve(dir), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        for (String f : new String[] {"pki/ca.key", "pki/ca.crt", "keys/export-sm2.key.pem",
                "keys/export-sm2.pub.pem", "vault.key"}) {
            Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(to.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * A schedule of the group's agents whose cron time (daily, 5 minutes ago, UTC) has passed since its creation:
     * due at once on every collector, next due tomorrow.
     */
    private static String dueSchedule(Store store, String url, String schema, String why) throws Exception {
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        String id = store.schedules().create("multi", due.getMinute() + " " + due.getHour() + " * * *", "agent").id();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             PreparedStatement ps = c.prepareStatement("UPDATE schedules SET created_at = ? WHERE id = ?")) {
            ps.setLong(1, due.toInstant().minus(Duration.ofMinutes(5)).toEpochMilli());
            ps.setString(2, id);
            assertEquals(1, ps.executeUpdate(), why);
        }
        return id;
    }

    private static void assertTakenBy(Store store, String agentId, int port) throws Exception {
        ScanRequestRecord r = store.scanRequests().byId(requestOf(store, agentId)).orElseThrow();
        assertEquals(ScanRequestRecord.SENT, r.state());
        assertTrue(r.takenBy().contains(":" + port + " "), "delivered by the collector holding the stream: " + r.takenBy());
    }

    private static long requestOf(Store store, String agentId) {
        for (long id = 1; id < 100; id++) {
            var r = store.scanRequests().byId(id);
            if (r.isPresent() && r.get().agentId().equals(agentId)) {
                return id;
            }
        }
        throw new AssertionError("no request for " + agentId);
    }

    private static long scanNow(Store store, String hostId) {
        return store.scans().list(hostId, 1000).stream().filter(s -> s.trigger().equals("scan_now")).count();
    }

    private static long count(String url, String sql, String... params) throws Exception {
        return Long.parseLong(one(url, sql, params));
    }

    private static String one(String url, String sql, String... params) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }
    }

    private static ConsoleRun cli(String... args) {
        return ConsoleRun.of(() -> CollectorMain.execute(args));
    }

    private static long totalAcked(List<AgentDaemon> ds) {
        return ds.stream().mapToLong(AgentDaemon::acked).sum();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
