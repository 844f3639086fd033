package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.spool.DeadLetters;
import cn.dengbao.sentinel.collector.ingest.IngestLimits;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.probes.FactSource;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on delivery (issue: "a report over the message limit jams an agent forever", "the per-agent rate limit
 * resets on reconnect"), reproduced with the real daemon against the real server over mutual TLS.
 */
class AgentNeverJamsTest {
    private static final Duration T = Duration.ofSeconds(30);
    /** Small limits keep the test fast; the mechanism is the same at 8 MiB. */
    private static final int LIMIT = 256 * 1024;

    @TempDir
    Path tmp;

    private static IngestLimits limits(int reportsPerMinute) {
        return new IngestLimits(LIMIT, reportsPerMinute, 100, 4, 100, 8);
    }

    /** The first collection is {@code firstBytes} large (many accounts), every later one small. */
    private static FactSource bigThenSmall(int firstBytes, AtomicInteger calls) {
        FactSource small = TestCollector.facts("host-a");
        return sections -> {
            Facts base = small.collect(sections);
            if (calls.getAndIncrement() > 0) {
                return base;
            }
            Accounts.Builder acc = Accounts.newBuilder();
            String pad = "x".repeat(200);
            while (acc.build().getSerializedSize() < firstBytes) {
                acc.addAccounts(Account.newBuilder().setName("u" + acc.getAccountsCount()).setHome("/home/" + pad));
            }
            return base.toBuilder().setAccounts(acc).build();
        };
    }

    @Test
    void aReportOverTheLimitIsSetAsideBeforeItIsSentAndNewerReportsFlow() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector"), limits(1000)).start()) {
            AgentIdentity id = c.enroll(tmp.resolve("agent"));
            try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 50, bigThenSmall(LIMIT + 50_000, new AtomicInteger()),
                    cfg -> cfg.maxReportBytes = LIMIT)) {
                d.start();
                TestCollector.await("oversize report set aside", T, () -> d.setAside() == 1);
                d.reportNow("scan_now");
                TestCollector.await("the next report stored", T, () -> d.acked() == 1);
                List<DeadLetters.Letter> letters = d.spool().deadLetters().list();
                assertEquals(1, letters.size());
                assertTrue(letters.get(0).reason().contains("超过上限 " + LIMIT), letters.get(0).reason());
                assertEquals(1, c.sink.size());
                assertEquals(0, d.spool().size());
            }
            // a new stream tells the collector about the dead letter
            try (AgentDaemon d2 = c.daemon(id, tmp.resolve("spool"), 50, TestCollector.facts("host-a"),
                    cfg -> cfg.reportOnStart = false)) {
                d2.start();
                TestCollector.await("collector told", T, () -> c.server.ingest().deadLettersOf(id.agentId()) == 1);
                TestCollector.await("counter cleared once told", T, () -> d2.spool().deadLetters().unreported() == 0);
            }
        }
    }

    @Test
    void aReportTheCollectorRefusesIsAcknowledgedWithAReasonAndSetAside() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector"), limits(1000)).start()) {
            AgentIdentity id = c.enroll(tmp.resolve("agent"));
            // a misconfigured agent allows more than the collector: the report arrives and is refused with a reason
            try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 50, bigThenSmall(LIMIT + 20_000, new AtomicInteger()),
                    cfg -> cfg.maxReportBytes = 4L * LIMIT)) {
                d.start();
                TestCollector.await("refused report set aside", T, () -> d.setAside() == 1 && d.rejected() == 1);
                d.reportNow("scan_now");
                TestCollector.await("the next report stored", T, () -> d.acked() == 1);
                String reason = d.spool().deadLetters().list().get(0).reason();
                assertTrue(reason.startsWith("采集端拒收") && reason.contains("report larger than " + LIMIT), reason);
                assertTrue(d.sessions() <= 2, "no reconnect storm: " + d.sessions() + " sessions");
            }
        }
    }

    @Test
    void aReportThatBreaksTheStreamIsSetAsideAfterThreeTriesAndBackoffGrows() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector"), limits(1000)).start()) {
            AgentIdentity id = c.enroll(tmp.resolve("agent"));
            // larger than even the transport limit: the server cuts the stream without reading it
            try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 50, bigThenSmall(3 * LIMIT, new AtomicInteger()),
                    cfg -> cfg.maxReportBytes = 8L * LIMIT)) {
                d.start();
                TestCollector.await("stream-breaking report set aside", T, () -> d.setAside() == 1);
                assertTrue(d.sessions() <= 4, "three tries, then set aside: " + d.sessions() + " sessions");
                assertTrue(d.spool().deadLetters().list().get(0).reason().contains("连续 3 次中断"));
                d.reportNow("scan_now");
                TestCollector.await("the next report stored", T, () -> d.acked() == 1);
                assertEquals(1, c.sink.size());
            }
        }
    }

    @Test
    void theRateLimitIsPerAgentAndSurvivesReconnects() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector"), limits(5)).start()) {
            AgentIdentity id = c.enroll(tmp.resolve("agent"));
            try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 50, TestCollector.facts("host-a"))) {
                d.start();
                for (int i = 0; i < 11; i++) {
                    d.reportNow("scan_now");
                }
                TestCollector.await("the first 5 stored", T, () -> c.sink.size() == 5);
                TestCollector.await("all 12 spooled", T, () -> d.spool().size() + d.acked() == 12);
            }
            // reconnecting (a restarted agent, same certificate and spool) does not refill the bucket
            for (int round = 0; round < 3; round++) {
                try (AgentDaemon again = c.daemon(id, tmp.resolve("spool"), 50, TestCollector.facts("host-a"),
                        cfg -> cfg.reportOnStart = false)) {
                    again.start();
                    TestCollector.await("resent and deferred", T, () -> again.sessions() >= 1);
                    Thread.sleep(300);
                }
            }
            assertTrue(c.sink.size() <= 6, "30/min means at most one more within seconds, got " + c.sink.size());
        }
    }
}
