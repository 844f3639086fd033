package cn.dengbao.sentinel.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    /** Records which writer thread stored each report, in commit order. */
    static final class RecordingSink implements ReportSink {
        final Map<String, Set<String>> threadsByAgent = new ConcurrentHashMap<>();
        final Map<String, List<String>> orderByAgent = new ConcurrentHashMap<>();
        volatile CountDownLatch gate;

        @Override
        public boolean store(String agentId, FactReport report, Evaluation evaluation) throws Exception {
            if (gate != null) {
                gate.await(10, TimeUnit.SECONDS);
            }
            threadsByAgent.computeIfAbsent(agentId, a -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            orderByAgent.computeIfAbsent(agentId, a -> new CopyOnWriteArrayList<>()).add(report.getReportId());
            return true;
        }
    }

    private static ReportSink.Pending pending(String agent, String reportId) {
        return new ReportSink.Pending(agent, FactReport.newBuilder().setReportId(reportId).build(),
                Evaluation.getDefaultInstance());
    }

    @Test
    void eachAgentsReportsAreCommittedByOneWriterInOrder() throws Exception {
        RecordingSink sink = new RecordingSink();
        int agents = 40;
        int reports = 25;
        CountDownLatch stored = new CountDownLatch(agents * reports);
        try (GroupCommitter gc = new GroupCommitter(sink, 10_000, 16, 2)) {
            for (int r = 0; r < reports; r++) {
                for (int a = 0; a < agents; a++) {
                    assertTrue(gc.offer(pending("agent-" + a, "agent-" + a + "/" + r), o -> stored.countDown()));
                }
            }
            assertTrue(stored.await(30, TimeUnit.SECONDS));
        }
        Set<String> writersUsed = new HashSet<>();
        for (int a = 0; a < agents; a++) {
            Set<String> threads = sink.threadsByAgent.get("agent-" + a);
            assertEquals(1, threads.size(), "one writer per agent: " + threads);
            writersUsed.addAll(threads);
            List<String> expected = new ArrayList<>();
            for (int r = 0; r < reports; r++) {
                expected.add("agent-" + a + "/" + r);
            }
            assertEquals(expected, sink.orderByAgent.get("agent-" + a), "committed in arrival order");
        }
        assertEquals(2, writersUsed.size(), "agents are spread over both writers");
    }

    @Test
    void aFullQueueRefusesAndCloseCommitsWhatWasQueued() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.gate = new CountDownLatch(1); // the writer blocks in its first commit
        List<GroupCommitter.Outcome> outcomes = new CopyOnWriteArrayList<>();
        GroupCommitter gc = new GroupCommitter(sink, 2, 1, 1);
        assertTrue(gc.offer(pending("a", "r0"), outcomes::add));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gc.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the writer took r0 and is blocked in store()
        }
        assertTrue(gc.offer(pending("a", "r1"), outcomes::add));
        assertTrue(gc.offer(pending("a", "r2"), outcomes::add));
        assertFalse(gc.offer(pending("a", "r3"), outcomes::add), "queue of 2 is full: refused, to be deferred");
        sink.gate.countDown();
        gc.close();
        assertEquals(List.of("r0", "r1", "r2"), sink.orderByAgent.get("a"));
        assertEquals(3, outcomes.size());
        assertFalse(gc.offer(pending("a", "r4"), outcomes::add), "closed: refuses");
    }
}
