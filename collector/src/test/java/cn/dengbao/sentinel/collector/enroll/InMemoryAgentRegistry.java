package cn.dengbao.sentinel.collector.enroll;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Agent registry for tests and the benchmark. */
public final class InMemoryAgentRegistry implements AgentRegistry {
    private final ConcurrentHashMap<String, AgentRecord> agents = new ConcurrentHashMap<>();

    @Override
    public void register(AgentRecord agent) {
        agents.put(agent.id(), agent);
    }

    @Override
    public Optional<AgentRecord> find(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    @Override
    public boolean isActive(String agentId, String certSha256) {
        AgentRecord a = agents.get(agentId);
        return a != null && !a.revoked() && a.certSha256().equalsIgnoreCase(certSha256);
    }

    @Override
    public boolean revoke(String agentId) {
        return agents.computeIfPresent(agentId, (k, a) -> a.withStatus(AgentRecord.REVOKED)) != null;
    }

    @Override
    public List<AgentRecord> list() {
        List<AgentRecord> l = new ArrayList<>(agents.values());
        l.sort(Comparator.comparing(AgentRecord::id));
        return l;
    }

    @Override
    public void touch(String agentId, Instant at, String version, String hostname) {
        agents.computeIfPresent(agentId, (k, a) -> a.seen(at, version, hostname));
    }
}
