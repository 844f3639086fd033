package cn.dengbao.sentinel.collector.scanrequest;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.FactSection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Asks agents for a report now: queues one request per active agent in the store, to be delivered by whichever
 * collector holds the agent's stream ({@link ScanRequestDispatcher}). Asking for nobody is a mistake, never an
 * empty success: an unknown or revoked agent, or a group without an active agent, is an IllegalArgumentException
 * with a zh-CN message (the CLI's exit 2).
 */
public final class ScanRequestService {
    /** How long a request waits for a collector holding the agent's stream before it expires. */
    public static final Duration TTL = Duration.ofMinutes(10);

    private final Store store;
    private final Clock clock;

    public ScanRequestService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Exactly one of: one agent, a group's agents, every agent. */
    public record Target(String agent, String group, boolean all) {
        public static Target agent(String id) {
            return new Target(id, null, false);
        }

        public static Target group(String group) {
            return new Target(null, group, false);
        }

        public static Target everyAgent() {
            return new Target(null, null, true);
        }

        /** What the request was for, as stored and audited: {@code agent:ID}, {@code group:G} or {@code all}. */
        public String describe() {
            return all ? "all" : agent != null ? "agent:" + agent : "group:" + group;
        }
    }

    /** The agents asked and their request ids, in the same order. */
    public record Queued(List<String> agentIds, List<Long> requestIds) {
    }

    /**
     * The operator's {@code scan}: validates the target, queues the requests and writes the audit entry.
     * @param sections fact sections to collect, empty for all
     */
    public Queued request(Target target, List<FactSection> sections, String requestedBy) {
        for (FactSection s : sections) {
            if (s == FactSection.UNRECOGNIZED) {
                throw new IllegalArgumentException("未知的采集项 (unknown fact section)");
            }
        }
        List<String> agents = agentsOf(target);
        List<String> names = sections.stream().map(FactSection::name).toList();
        Instant now = clock.instant();
        List<Long> ids = store.scanRequests().submit(agents, target.describe(), names, requestedBy, now, now.plus(TTL));
        // an operator action: kept in the hash-chained audit log like every other
        store.audit().append(requestedBy, "scan.request", Map.of("target", target.describe(),
                "sections", String.join(",", names), "agents", agents.size()));
        return new Queued(agents, ids);
    }

    /**
     * The scheduler's agent-group run: every active agent of {@code group} ({@code *}: every active agent), all
     * sections. A group without agents is not an error here: the run's notes say how many were asked.
     * @return how many agents were asked
     */
    public int requestGroup(String group, String requestedBy) {
        List<String> agents = store.agents().activeIds("*".equals(group) ? null : group);
        if (!agents.isEmpty()) {
            Instant now = clock.instant();
            store.scanRequests().submit(agents, "group:" + group, List.of(), requestedBy, now, now.plus(TTL));
        }
        return agents.size();
    }

    private List<String> agentsOf(Target target) {
        if (target.agent() != null) {
            String id = printable("agent id", target.agent());
            AgentRecord a = store.agents().byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "未知的 agent: " + id + "（agents list 列出已注册的 agent；unknown agent id）"));
            if (!AgentRecord.ACTIVE.equals(a.status())) {
                throw new IllegalArgumentException("agent " + id + " 已被吊销，不能再请求扫描 (agent revoked)");
            }
            return List.of(a.id());
        }
        String group = target.all() ? null : printable("分组", target.group());
        List<String> agents = store.agents().activeIds(group);
        if (agents.isEmpty()) {
            throw new IllegalArgumentException(target.all() ? "没有已注册的有效 agent (no active agent enrolled)"
                    : "分组 " + group + " 中没有有效的 agent (no active agent in this group)");
        }
        return agents;
    }

    /**
     * Agent ids and group names are letters, digits and {@code . _ - : @}: anything else names no agent, and is
     * refused without being echoed (a terminal would interpret control characters).
     */
    private static String printable(String what, String s) {
        if (s == null || !s.matches("[\\p{L}\\p{N}._:@-]{1,128}")) {
            throw new IllegalArgumentException(what + " 含有不允许的字符 (only letters, digits and . _ - : @)");
        }
        return s;
    }
}
