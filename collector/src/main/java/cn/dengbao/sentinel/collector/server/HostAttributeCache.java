package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreChanges;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The operator-set attributes of an agent's host (internet_facing, mfa_bastion …) for evaluation, read from the
 * store at most once per {@code ttlMillis} per host: a query per report cost a store round trip on every report.
 * With a change feed ({@link ChangeWatch}, what {@link Wiring} uses) an attribute changed with {@code hosts set}
 * or an agent moved by {@code agents merge}, through any collector sharing the database, applies to reports
 * evaluated about a second later; the TTL bounds staleness if a change is missed. Without one, up to one TTL later.
 */
final class HostAttributeCache {
    private record Entry(Map<String, String> attributes, long readAt) {
    }

    private final Store store;
    private final long ttlMillis;
    private final LongSupplier clock;
    /** agent id → host id: fixed at enrolment, changed only by {@code agents merge} (seen on the change feed). */
    private final Map<String, String> hostOfAgent = new ConcurrentHashMap<>();
    private final Map<String, Entry> byHost = new ConcurrentHashMap<>();

    private final ChangeWatch changes;

    HostAttributeCache(Store store, long ttlMillis, LongSupplier clock) {
        this(store, ttlMillis, clock, null);
    }

    /** @param changes the store's change feed; null: rely on the TTL alone */
    HostAttributeCache(Store store, long ttlMillis, LongSupplier clock, ChangeWatch changes) {
        this.store = store;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
        this.changes = changes;
        if (changes != null) {
            changes.poll(); // starts at the feed's head
        }
    }

    /** Attributes of the agent's host; empty for an agent or host the store does not know. */
    Map<String, String> ofAgent(String agentId) {
        if (changes != null) {
            for (StoreChanges.Change c : changes.poll()) {
                if (StoreChanges.HOST_ATTRIBUTES.equals(c.kind())) {
                    byHost.remove(c.subject());
                } else if (StoreChanges.AGENT_HOST.equals(c.kind())) {
                    hostOfAgent.remove(c.subject());
                }
            }
        }
        String hostId = hostOfAgent.get(agentId);
        if (hostId == null) {
            hostId = store.agents().byId(agentId).map(AgentRecord::hostId).orElse(null);
            if (hostId == null) {
                return Map.of();
            }
            hostOfAgent.put(agentId, hostId);
        }
        return ofHost(hostId);
    }

    Map<String, String> ofHost(String hostId) {
        long now = clock.getAsLong();
        Entry e = byHost.get(hostId);
        if (e == null || now - e.readAt() >= ttlMillis) {
            Map<String, String> attrs = store.hosts().byId(hostId).map(Host::attributes).orElse(Map.of());
            e = new Entry(Map.copyOf(attrs), now);
            byHost.put(hostId, e);
        }
        return e.attributes();
    }
}
