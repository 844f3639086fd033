package cn.dengbao.sentinel.collector.scanrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.ScanRequestRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.FactSection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queuing (what may be asked) and delivery (who delivers, how often, until when) on the embedded store. */
class ScanRequestsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dataDir;
    private Store store;

    @BeforeEach
    void seed() {
        store = Store.embedded(dataDir);
        store.hosts().upsert(Host.of("h1", "web-01", "web", Host.SOURCE_AGENT));
        store.hosts().upsert(Host.of("h2", "web-02", "web", Host.SOURCE_AGENT));
        store.hosts().upsert(Host.of("h3", "db-01", "db", Host.SOURCE_AGENT));
        store.agents().enroll("a1", "h1", "1", "sha-1", "v", null);
        store.agents().enroll("a2", "h2", "2", "sha-2", "v", null);
        store.agents().enroll("a3", "h3", "3", "sha-3", "v", null);
        store.agents().revoke("a3");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ScanRequestService service(Instant now) {
        return new ScanRequestService(store, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Agents connected to one collector; records every request sent, by request id. */
    static final class FakeAgents implements ScanRequestDispatcher.Agents {
        final Set<String> connected = ConcurrentHashMap.newKeySet();
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        volatile boolean streamsClosed;

        FakeAgents(String... ids) {
            connected.addAll(List.of(ids));
        }

        @Override
        public boolean isConnected(String agentId) {
            return connected.contains(agentId);
        }

        @Override
        public boolean send(String agentId, String requestId, List<FactSection> sections) {
            if (streamsClosed) {
                return false;
            }
            sent.add(agentId + "/" + requestId + "/" + sections);
            return true;
        }
    }

    @Test
    void mistakesAreErrorsNotEmptySuccesses() {
        ScanRequestService s = service(T0);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.agent("nosuch"), List.of(), "cli"));
        assertTrue(unknown.getMessage().contains("未知的 agent: nosuch"), unknown.getMessage());
        IllegalArgumentException revoked = assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.agent("a3"), List.of(), "cli"));
        assertTrue(revoked.getMessage().contains("已被吊销"), revoked.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.group("nosuch"), List.of(), "cli"));
        assertTrue(group.getMessage().contains("分组 nosuch 中没有有效的 agent"), group.getMessage());
        // a group whose only agent is revoked has nobody to ask either
        assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.group("db"), List.of(), "cli"));
        assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.agent("a1"), List.of(FactSection.UNRECOGNIZED), "cli"));
        IllegalArgumentException hostile = assertThrows(IllegalArgumentException.class,
                () -> s.request(ScanRequestService.Target.agent("a1\u001b[2J"), List.of(), "cli"));
        assertFalse(hostile.getMessage().contains("\u001b"), "not echoed to the terminal: " + hostile.getMessage());
        assertTrue(store.scanRequests().pending(T0, 10).isEmpty(), "nothing queued by a mistake");
        assertEquals(0, store.audit().verify().entries());
    }

    @Test
    void aGroupIsOneRequestPerActiveAgentAndAudited() {
        ScanRequestService.Queued q = service(T0).request(ScanRequestService.Target.group("web"),
                List.of(FactSection.SECTION_SSHD, FactSection.SECTION_ACCOUNTS), "cli");
        assertEquals(List.of("a1", "a2"), q.agentIds());
        ScanRequestRecord r = store.scanRequests().byId(q.requestIds().get(1)).orElseThrow();
        assertEquals(List.of("a2", "group:web", List.of("SECTION_SSHD", "SECTION_ACCOUNTS"), "cli", T0,
                T0.plus(ScanRequestService.TTL), ScanRequestRecord.PENDING),
                List.of(r.agentId(), r.requestedFor(), r.sections(), r.requestedBy(), r.requestedAt(), r.expiresAt(),
                        r.state()));
        assertEquals("scan.request", store.audit().list(0, 10).get(0).action());
        // --all: every active agent (the revoked one is not asked)
        assertEquals(List.of("a1", "a2"), service(T0).request(ScanRequestService.Target.everyAgent(), List.of(), "cli")
                .agentIds());
        // the scheduler: "*" is every agent; an empty group asks nobody and is no error there
        assertEquals(2, service(T0).requestGroup("*", "schedule"));
        assertEquals(0, service(T0).requestGroup("nosuch", "schedule"));
    }

    @Test
    void theCollectorHoldingTheStreamSendsEachRequestOnceOthersLeaveItPending() {
        List<Long> ids = service(T0).request(ScanRequestService.Target.group("web"), List.of(FactSection.SECTION_SSHD),
                "cli").requestIds();
        FakeAgents here = new FakeAgents("a1");
        FakeAgents elsewhere = new FakeAgents();
        ScanRequestDispatcher mine = new ScanRequestDispatcher(store.scanRequests(), here, "c1",
                Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
        ScanRequestDispatcher other = new ScanRequestDispatcher(store.scanRequests(), elsewhere, "c2",
                Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
        assertEquals(0, other.poll());
        assertEquals(1, mine.poll());
        assertEquals(0, mine.poll(), "sent once, not once per poll");
        assertEquals(List.of("a1/scan-request-" + ids.get(0) + "/[SECTION_SSHD]"), here.sent);
        ScanRequestRecord sent = store.scanRequests().byId(ids.get(0)).orElseThrow();
        assertEquals(List.of(ScanRequestRecord.SENT, "c1"), List.of(sent.state(), sent.takenBy()));
        // a2 is not connected to either: its request waits for the collector that will hold its stream
        assertEquals(ScanRequestRecord.PENDING, store.scanRequests().byId(ids.get(1)).orElseThrow().state());
        elsewhere.connected.add("a2");
        assertEquals(1, other.poll());
        assertEquals(ScanRequestRecord.SENT, store.scanRequests().byId(ids.get(1)).orElseThrow().state());
    }

    @Test
    void aRequestNobodyCanDeliverExpiresWithTheReason() {
        long id = service(T0).request(ScanRequestService.Target.agent("a1"), List.of(), "cli").requestIds().get(0);
        FakeAgents closing = new FakeAgents("a1");
        closing.streamsClosed = true;   // connected when looked at, gone when sent to
        new ScanRequestDispatcher(store.scanRequests(), closing, "c1", Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC))
                .poll();
        assertEquals(ScanRequestRecord.PENDING, store.scanRequests().byId(id).orElseThrow().state(),
                "given back, for the collector the agent reconnects to");
        Instant late = T0.plus(ScanRequestService.TTL);
        FakeAgents now = new FakeAgents("a1");
        assertEquals(0, new ScanRequestDispatcher(store.scanRequests(), now, "c1", Clock.fixed(late, ZoneOffset.UTC))
                .poll());
        assertTrue(now.sent.isEmpty(), "a stale request is not delivered");
        ScanRequestRecord r = store.scanRequests().byId(id).orElseThrow();
        assertEquals(ScanRequestRecord.EXPIRED, r.state());
        assertEquals(ScanRequestDispatcher.EXPIRED, r.result());
    }

    /** Two collectors on one database that both believe they hold the agents' streams: each request sent once. */
    @Test
    void twoCollectorsNeverSendTheSameRequestTwice() throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            agents.add("x" + i);
        }
        store.scanRequests().submit(agents, "all", List.of(), "cli", T0, T0.plus(Duration.ofMinutes(10)));
        FakeAgents both = new FakeAgents(agents.toArray(String[]::new));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Store second = Store.embedded(dataDir)) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (Store s : List.of(store, second)) {
                ScanRequestDispatcher d = new ScanRequestDispatcher(s.scanRequests(), both, "c-" + sent.size(),
                        Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
                sent.add(pool.submit(() -> {
                    start.await();
                    return d.poll() + d.poll();
                }));
            }
            assertEquals(30, sent.get(0).get() + sent.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(30, both.sent.size());
        assertEquals(30, Set.copyOf(both.sent).size(), "no request sent twice: " + both.sent);
    }
}
