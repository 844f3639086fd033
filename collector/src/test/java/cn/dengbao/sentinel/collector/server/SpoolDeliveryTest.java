package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.pki.AgentIdentity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports made while the collector is down wait in the spool and are delivered exactly once when it is back. */
class SpoolDeliveryTest {
    private static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void collectorDownThenUpDeliversSpooledReportsOnce() throws Exception {
        TestCollector c = new TestCollector(tmp.resolve("collector")).start();
        AgentIdentity id = c.enroll(tmp.resolve("agent"));
        int port = c.port;
        c.stop();
        try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 50, TestCollector.facts("host-a"))) {
            d.start();
            d.reportNow("scan_now");
            d.reportNow("scan_now");
            TestCollector.await("3 reports spooled", T, () -> d.spool().size() == 3);
            Thread.sleep(300); // a few failed reconnects
            assertEquals(0, c.sink.size());
            c.start(port);
            TestCollector.await("spool drained and all acked", T, () -> d.spool().size() == 0 && d.acked() == 3);
            assertEquals(3, c.sink.size());
            assertEquals(3, c.server.ingest().storedCount());
        } finally {
            c.close();
        }
    }

    @Test
    void fullSpoolDropsOldestAndTellsTheCollector() throws Exception {
        TestCollector c = new TestCollector(tmp.resolve("collector")).start();
        AgentIdentity id = c.enroll(tmp.resolve("agent"));
        int port = c.port;
        c.stop();
        try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 3, TestCollector.facts("host-a"))) {
            d.start();
            for (int i = 0; i < 4; i++) {
                d.reportNow("scan_now");
            }
            TestCollector.await("5 reports made, 2 dropped", T, () -> d.spool().dropped() == 2);
            assertEquals(3, d.spool().size());
            c.start(port);
            TestCollector.await("spool drained", T, () -> d.spool().size() == 0);
            TestCollector.await("collector told", T, () -> c.server.ingest().spoolDroppedBy(id.agentId()) == 2);
            TestCollector.await("drop counter cleared once reported", T, () -> d.spool().dropped() == 0);
            assertEquals(3, c.sink.size());
        } finally {
            c.close();
        }
    }
}
