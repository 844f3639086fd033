package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.testkit.SyntheticFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Pam;
import cn.dengbao.sentinel.proto.Status;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host attributes for agent reports come from the agent's own host, cached for a bounded time. */
class HostAttributeCacheTest {
    @TempDir
    Path tmp;
    Store store;

    @BeforeEach
    void open() {
        store = Store.embedded(tmp.resolve("data"));
        for (String h : new String[] {"h-bastion", "h-plain"}) {
            store.hosts().upsert(Host.of(h, h, "web", Host.SOURCE_AGENT));
        }
        store.agents().enroll("a-bastion", "h-bastion", "01", "aa", "t", "127.0.0.1");
        store.agents().enroll("a-plain", "h-plain", "02", "bb", "t", "127.0.0.1");
        store.hosts().setAttributes("h-bastion", Map.of("mfa_bastion", "true"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void twoServersWithTheSameHostNameAreJudgedWithTheirOwnAttributes() throws Exception {
        // both claim the same host name, as freshly installed servers do
        Facts facts = SyntheticFacts.server("localhost.localdomain", "r1", 3).toBuilder()
                .setPam(Pam.getDefaultInstance()).build();
        Evaluator ev = Wiring.evaluator(store);
        assertEquals(Status.PASS, mfa(ev.evaluate("a-bastion", facts)), "mfa_bastion=true on this agent's host");
        assertEquals(Status.FAIL, mfa(ev.evaluate("a-plain", facts)));
        assertEquals(Status.FAIL, mfa(ev.evaluate("unknown-agent", facts)), "no host: no attributes");
    }

    @Test
    void attributesAreReadAgainAfterTheTtl() {
        AtomicLong now = new AtomicLong(1_000);
        HostAttributeCache cache = new HostAttributeCache(store, 30_000, now::get);
        assertEquals(Map.of("mfa_bastion", "true"), cache.ofAgent("a-bastion"));
        store.hosts().setAttributes("h-bastion", Map.of("mfa_bastion", "false"));
        now.addAndGet(29_999);
        assertEquals("true", cache.ofAgent("a-bastion").get("mfa_bastion"), "within the TTL: cached");
        now.addAndGet(1);
        assertEquals("false", cache.ofAgent("a-bastion").get("mfa_bastion"), "after the TTL: read again");
        assertEquals(Map.of(), cache.ofAgent("nobody"));
    }

    @Test
    void changesMadeThroughAnyCollectorArriveOnTheChangeFeedWithinASecond() {
        AtomicLong now = new AtomicLong(1_000);
        HostAttributeCache cache = new HostAttributeCache(store, 30_000, now::get,
                new ChangeWatch(store.changes(), now::get));
        assertEquals("true", cache.ofAgent("a-bastion").get("mfa_bastion"));
        assertEquals(Map.of(), cache.ofAgent("a-plain"));
        // `hosts set` run against the shared database (any collector, any host): appended to store_changes
        store.hosts().setAttributes("h-bastion", Map.of("mfa_bastion", "false"));
        now.addAndGet(999);
        assertEquals("true", cache.ofAgent("a-bastion").get("mfa_bastion"), "the feed is read once a second");
        now.addAndGet(1);
        assertEquals("false", cache.ofAgent("a-bastion").get("mfa_bastion"), "long before the TTL: feed applied");
        // `agents merge`: a-plain reports for h-bastion from now on, so it is judged with that host's attributes
        store.hosts().mergeAgent("a-plain", "h-bastion");
        now.addAndGet(1_000);
        assertEquals(Map.of("mfa_bastion", "false"), cache.ofAgent("a-plain"));
    }

    private static Status mfa(Evaluation e) {
        return e.getFindingsList().stream().filter(f -> f.getRuleId().equals("mfa-remote-login"))
                .map(Finding::getStatus).findFirst().orElseThrow();
    }
}
