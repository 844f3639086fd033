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
        return agents.computeIfPresent(agentId, (k, a) -> new AgentRecord(a.id(), a.hostId(), a.hostname(),
                a.osPrettyName(), a.group(), a.version(), a.certSerial(), a.certSha256(), AgentRecord.REVOKED, a.ip(),
                a.enrolledAt(), a.lastSeenAt(), a.lastReportAt())) != null;
    }

    @Override
    public List<AgentRecord> list() {
        List<AgentRecord> l = new ArrayList<>(agents.values());
        l.sort(Comparator.comparing(AgentRecord::id));
        return l;
    }

    @Override
    public void touch(String agentId, Instant at, String version, String hostname) {
        agents.computeIfPresent(agentId, (k, a) -> new AgentRecord(a.id(), a.hostId(),
                hostname == null || hostname.isEmpty() ? a.hostname() : hostname, a.osPrettyName(), a.group(),
                version == null || version.isEmpty() ? a.version() : version, a.certSerial(), a.certSha256(),
                a.status(), a.ip(), a.enrolledAt(), at, a.lastReportAt()));
    }
}
