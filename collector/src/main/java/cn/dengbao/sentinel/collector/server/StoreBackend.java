package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.enroll.AgentRegistry;
import cn.dengbao.sentinel.collector.enroll.TokenStore;
import cn.dengbao.sentinel.collector.ingest.ReportSink;
import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.TokenRepository;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import cn.dengbao.sentinel.collector.store.NewScan;
import cn.dengbao.sentinel.collector.store.ScanRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrolment, agent registry and report ingest on the JDBC {@link Store}. An agent's reports go to its own host row
 * (id = agent id), or to the host an operator merged it into ({@code agents merge}); never to a host by name.
 */
public final class StoreBackend implements TokenStore, AgentRegistry, ReportSink {
    private final Store store;
    /** An operator's merge reaches a running collector within this (a look-up per agent per minute, not per report). */
    private static final long HOST_TTL_MS = 60_000;
    private final ConcurrentHashMap<String, CachedHost> hostOfAgent = new ConcurrentHashMap<>();
    /** Last OS/host name written per host, so a report rewrites the host row only when they change. */
    private final ConcurrentHashMap<String, String> hostDescription = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastReportedWrite = new ConcurrentHashMap<>();

    /** Merges made through any collector sharing the database: drops the moved agent's cached host. */
    private final ChangeWatch changes;

    public StoreBackend(Store store) {
        this.store = store;
        this.changes = new ChangeWatch(store.changes(), System::currentTimeMillis);
        changes.poll(); // starts at the feed's head
    }

    /**
     * Opens the embedded H2 store of a data dir so that CLI commands ({@code token create}, {@code agents revoke})
     * can use it while {@code serve} runs: H2's AUTO_SERVER mode, bound to loopback only; commits are written
     * through at once so an ack survives a kill of the collector.
     */
    public static Store openEmbeddedShared(Path dataDir) {
        return Store.embedded(dataDir);
    }

    public Store store() {
        return store;
    }

    // ------------------------------------------------------------------ tokens

    @Override
    public void create(String tokenSha256, String group, Instant expiresAt, int uses) {
        store.tokens().create(tokenSha256, group, Duration.between(Instant.now(), expiresAt), uses);
    }

    @Override
    public Consumption consume(String tokenSha256, Instant now) {
        TokenRepository.Consumption c = store.tokens().consume(tokenSha256);
        if (c.accepted()) {
            return Consumption.ok(c.group());
        }
        String why = c.refusal() == null ? "" : c.refusal();
        if (why.contains("expired")) {
            return Consumption.refused(Refusal.EXPIRED);
        }
        if (why.contains("used")) {
            return Consumption.refused(Refusal.EXHAUSTED);
        }
        return Consumption.refused(Refusal.UNKNOWN);
    }

    // ------------------------------------------------------------------ agents

    /**
     * Identity is the agent's certificate: every enrolment gets its own host row (id = agent id). The name it
     * reports is shown, never trusted: when a host already reports that name, or another agent sent one of the same
     * machine identifiers, the new host is marked as a possible duplicate (reinstall, clone or impostor) and given
     * a distinct name until an operator decides with {@code agents merge}. Its reports never touch the other host.
     */
    @Override
    public void register(AgentRecord a) {
        String reported = a.hostname().isBlank() ? a.id() : a.hostname();
        String hostId = a.id();
        List<String> clues = new ArrayList<>();
        String duplicateOf = null;
        List<String> sameName = store.hosts().idsByHostname(reported);
        if (!sameName.isEmpty()) {
            duplicateOf = sameName.get(0);
            clues.add("同名主机 (same host name)");
        }
        for (AgentRecord other : store.agents().sharingMachine(a.machine(), a.id())) {
            if (duplicateOf == null) {
                duplicateOf = other.hostId();
            }
            clues.add("与代理 " + other.id() + " 相同的 " + String.join("/", other.machine().shared(a.machine()))
                    + " (same machine identifiers)");
            break;
        }
        // hosts.name holds 255 characters: a long reported name is cut before the suffix that makes it unique
        String name = store.hosts().byName(reported).isPresent()
                ? reported.substring(0, Math.min(reported.length(), 240)) + "~"
                        + a.id().substring(Math.max(0, a.id().length() - 8)) : reported;
        store.hosts().upsert(new Host(hostId, name, reported, a.group(), Host.SOURCE_AGENT,
                a.osPrettyName().isEmpty() ? null : a.osPrettyName(), null, Map.of(), null, null));
        if (duplicateOf != null) {
            store.hosts().markDuplicate(hostId, duplicateOf, String.join("; ", clues));
        }
        store.agents().enroll(a.id(), hostId, a.certSerial(), a.certSha256(), a.version(), a.ip(), a.machine());
        // enrolment consumes a token an operator issued: part of the same audit trail
        Map<String, String> detail = new java.util.TreeMap<>(Map.of("agent", a.id(), "host", name,
                "group", a.group(), "ip", a.ip() == null ? "" : a.ip(), "cert_sha256", a.certSha256()));
        if (duplicateOf != null) {
            detail.put("possible_duplicate_of", duplicateOf);
        }
        store.audit().append("enrolment", "agent.enroll", detail);
        hostOfAgent.put(a.id(), new CachedHost(hostId, System.currentTimeMillis()));
    }

    @Override
    public Optional<AgentRecord> find(String agentId) {
        return store.agents().byId(agentId);
    }

    @Override
    public boolean isActive(String agentId, String certSha256) {
        return store.agents().isActive(agentId, certSha256);
    }

    @Override
    public boolean revoke(String agentId) {
        return store.agents().revoke(agentId);
    }

    @Override
    public List<AgentRecord> list() {
        return store.agents().list();
    }

    @Override
    public void touch(String agentId, Instant at, String version, String hostname) {
        store.agents().touch(agentId, at, null, version == null || version.isEmpty() ? null : version);
    }

    /**
     * The host an agent reports for: an operator's {@code agents merge} (another process, perhaps through another
     * collector) moves an agent to another host, seen on the store's change feed within about a second, and read
     * again after {@link #HOST_TTL_MS} in any case.
     */
    public String hostIdOf(String agentId) {
        for (cn.dengbao.sentinel.collector.store.StoreChanges.Change ch : changes.poll()) {
            if (cn.dengbao.sentinel.collector.store.StoreChanges.AGENT_HOST.equals(ch.kind())) {
                hostOfAgent.remove(ch.subject());
            }
        }
        long now = System.currentTimeMillis();
        CachedHost c = hostOfAgent.get(agentId);
        if (c == null || now - c.readAt() > HOST_TTL_MS) {
            c = new CachedHost(store.agents().byId(agentId).map(AgentRecord::hostId)
                    .orElseThrow(() -> new IllegalStateException("unknown agent " + agentId)), now);
            hostOfAgent.put(agentId, c);
        }
        return c.hostId();
    }

    private record CachedHost(String hostId, long readAt) {}

    // ------------------------------------------------------------------ reports

    @Override
    public boolean store(String agentId, FactReport report, Evaluation evaluation) {
        String hostId = describeHost(agentId, report.getFacts());
        boolean isNew = store.scans().recordScan(hostId, report.getReportId(), report.getFacts(), evaluation,
                report.getTrigger()).isNew();
        if (isNew) {
            Long now = reportedWriteDue(agentId);
            if (now != null) {
                store.agents().reported(agentId, Instant.ofEpochMilli(now));
            }
        }
        return isNew;
    }

    /** Group commit: all reports (and their lifecycle) in one transaction, see {@code ScanRepository#recordScans}. */
    @Override
    public List<Boolean> storeAll(List<Pending> reports) {
        List<NewScan> batch = new ArrayList<>(reports.size());
        for (Pending p : reports) {
            String hostId = describeHost(p.agentId(), p.report().getFacts());
            batch.add(new NewScan(hostId, p.report().getReportId(), p.report().getFacts(), p.evaluation(),
                    p.report().getTrigger()));
        }
        List<ScanRecord> recorded = store.scans().recordScans(batch);
        List<Boolean> out = new ArrayList<>(recorded.size());
        Set<String> due = new LinkedHashSet<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < recorded.size(); i++) {
            boolean isNew = recorded.get(i).isNew();
            out.add(isNew);
            if (isNew && reportedWriteDue(reports.get(i).agentId()) != null) {
                due.add(reports.get(i).agentId());
            }
        }
        try {
            store.agents().reportedAll(due, Instant.ofEpochMilli(now));
        } catch (RuntimeException e) {
            // the reports are durable already; last_report_at is informational and is written again next minute
            for (String a : due) {
                lastReportedWrite.remove(a);
            }
        }
        return out;
    }

    /**
     * The millis to write as the agent's last_report_at, or null when it was written less than a minute ago:
     * last_report_at is for operators, one write per agent per minute is plenty and saves a commit per report.
     */
    private Long reportedWriteDue(String agentId) {
        long now = System.currentTimeMillis();
        Long last = lastReportedWrite.get(agentId);
        if (last == null || now - last > 60_000) {
            lastReportedWrite.put(agentId, now);
            return now;
        }
        return null;
    }

    /** The agent's host; rewrites its host row when the reported host name, OS or kernel changed. */
    private String describeHost(String agentId, Facts f) {
        String hostId = hostIdOf(agentId);
        String desc = f.getHost().getHostname() + "\u0000" + f.getOs().getPrettyName() + "\u0000" + f.getOs().getKernelRelease();
        if (!desc.equals(hostDescription.get(hostId))) {
            store.hosts().byId(hostId).ifPresent(h -> store.hosts().upsert(new Host(hostId, h.name(),
                    f.getHost().getHostname(), null, null,
                    f.getOs().getPrettyName().isEmpty() ? null : f.getOs().getPrettyName(),
                    f.getOs().getKernelRelease().isEmpty() ? null : f.getOs().getKernelRelease(), Map.of(), null, null)));
            hostDescription.put(hostId, desc);
        }
        return hostId;
    }
}
