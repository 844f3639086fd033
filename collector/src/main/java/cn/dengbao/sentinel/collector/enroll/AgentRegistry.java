package cn.dengbao.sentinel.collector.enroll;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Enrolled agents. Implementations must be safe for concurrent use without a global lock on the hot path. */
public interface AgentRegistry {

    void register(AgentRecord agent);

    Optional<AgentRecord> find(String agentId);

    /** True when the agent exists, is not revoked, and {@code certSha256} is the certificate issued to it. */
    boolean isActive(String agentId, String certSha256);

    /** @return false when there is no such agent */
    boolean revoke(String agentId);

    List<AgentRecord> list();

    /** Records that the agent was seen (Hello, heartbeat, report). */
    void touch(String agentId, Instant at, String version, String hostname);
}
