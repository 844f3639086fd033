package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.ssh.SshdTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.ssh.SshOptions;
import cn.dengbao.sentinel.testkit.TestSshd;
import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.targets.TargetService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A due schedule scans its group over real SSH with the real probes, hands facts to the sink, records the run. */
class ScheduledScansTest {

    @Test
    void dueScheduleScansTheGroupAndRecordsTheRun(@TempDir Path sshDir, @TempDir Path dataDir) throws Exception {
        try (TestSshd sshd = TestSshd.start(sshDir, "host_ed25519"); Store store = Store.embedded(dataDir)) {
            CredentialVault vault = CredentialVault.openOrCreate(dataDir.resolve("vault.key"));
            TargetService targets = new TargetService(store.targets(), vault);
            targets.add("web-01", "127.0.0.1", sshd.port(), TestSshd.USER, true, "prod", SshdTargets.pin(sshd),
                    Credential.privateKey(sshd.userPrivateKey(), null), Instant.now());
            targets.add("web-02", "127.0.0.1", sshd.port(), TestSshd.USER, false, "prod", SshdTargets.pin(sshd),
                    Credential.privateKey(sshd.userPrivateKey(), null), Instant.now());
            targets.add("other", "127.0.0.1", sshd.port(), TestSshd.USER, false, "test", SshdTargets.pin(sshd),
                    Credential.privateKey(sshd.userPrivateKey(), null), Instant.now());
            String id = store.schedules().create("prod", "* * * * *", "all").id();
            store.schedules().finish(id, Instant.now().minus(Duration.ofMinutes(3))); // due now
            Set<String> seen = ConcurrentHashMap.newKeySet();
            ScanSink sink = (host, group, facts) -> {
                seen.add(host + "/" + group + "/" + facts.getAccounts().getShadowReadable());
                new StoringScanSink(store, "schedule",
                        new cn.dengbao.sentinel.checks.engine.RuleEngine(cn.dengbao.sentinel.checks.engine.RuleCatalog.builtIn(), cn.dengbao.sentinel.checks.engine.Profile.builtIn())).factsArrived(host, group, facts);
            };
            try (ScheduledScans scans = ScheduledScans.start(store, vault, sink, group -> 5, 4, SshOptions.defaults(),
                    Duration.ofMillis(200), java.time.ZoneId.of("Asia/Shanghai"))) {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < until && finished(store).isEmpty()) {
                    Thread.sleep(200);
                }
            }
            List<ScanRunRecord> runs = finished(store);
            assertEquals(1, runs.size(), store.scanRuns().list(10).toString());
            ScanRunRecord r = runs.get(0);
            assertEquals(id, r.scheduleId());
            assertEquals(2, r.hostsOk(), r.errorsJson());
            assertEquals(0, r.hostsFailed(), r.errorsJson());
            assertTrue(r.errorsJson().contains("已请求 5 个 agent"), r.errorsJson());
            // only the schedule's group; sudo decides whether shadow was readable
            assertEquals(Set.of("web-01/prod/true", "web-02/prod/false"), seen);
            assertTrue(store.hosts().byName("web-01").isPresent());
            assertTrue(store.reports().latestFacts(store.hosts().byName("web-02").orElseThrow().id()).isPresent());
        }
    }

    private static List<ScanRunRecord> finished(Store store) {
        return store.scanRuns().list(10).stream().filter(r -> r.finishedAt() != null).toList();
    }
}
