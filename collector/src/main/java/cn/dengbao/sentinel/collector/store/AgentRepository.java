package cn.dengbao.sentinel.collector.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Enrolled agents. A stream is accepted only from an active agent presenting the certificate it enrolled with. */
public final class AgentRepository {
    private static final String COLS = "id, host_id, cert_serial, cert_sha256, status, version, ip, enrolled_at, "
            + "last_seen_at, last_report_at";
    /** The agent with the name, OS and group of the host it reports for. */
    private static final String SELECT = "SELECT a.id, a.host_id, h.hostname, h.os_pretty, h.group_name, a.version, "
            + "a.cert_serial, a.cert_sha256, a.status, a.ip, a.enrolled_at, a.last_seen_at, a.last_report_at, "
            + "a.machine_json, h.duplicate_of "
            + "FROM agents a LEFT JOIN hosts h ON h.id = a.host_id";
    private final Db db;

    AgentRepository(Db db) {
        this.db = db;
    }

    /** Records a new enrolment (status active). The host row must exist. */
    public AgentRecord enroll(String id, String hostId, String certSerial, String certSha256, String version,
                              String ip) {
        return enroll(id, hostId, certSerial, certSha256, version, ip, MachineIds.NONE);
    }

    /** {@link #enroll} keeping the machine identifiers the agent sent. */
    public AgentRecord enroll(String id, String hostId, String certSerial, String certSha256, String version,
                              String ip, MachineIds machine) {
        Instant now = Instant.now();
        return db.tx("enroll agent", c -> {
            Db.update(c, "INSERT INTO agents (" + COLS + ", machine_json) "
                    + "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, NULL, NULL, ?)",
                    id, hostId, certSerial, certSha256, version, ip, now.toEpochMilli(), machine.toJson());
            return byId(c, id).orElseThrow();
        });
    }

    /** Agents (any status) whose enrolment sent at least one of {@code m}'s identifiers, other than {@code except}. */
    public List<AgentRecord> sharingMachine(MachineIds m, String except) {
        if (m.isEmpty()) {
            return List.of();
        }
        // few agents per collector enrol at a time; the clue check is in Java so both databases agree on it
        return db.tx("find agents by machine", c -> Db.query(c, SELECT + " WHERE a.machine_json IS NOT NULL "
                + "AND a.id <> ?", AgentRepository::map, except)).stream()
                .filter(a -> !a.machine().shared(m).isEmpty()).toList();
    }

    /** The reason recorded on the scan requests a revocation refuses. */
    public static final String REVOKED_REQUEST = "agent 已被吊销，请求不再发送 (agent revoked: request refused)";

    /**
     * Revokes the agent and, in the same transaction, refuses its scan requests still waiting to be sent: a revoked
     * agent is asked for nothing more. Running collectors close its stream within {@code revokedSince}'s poll.
     */
    public boolean revoke(String id) {
        return db.tx("revoke agent", c -> {
            if (Db.update(c, "UPDATE agents SET status = 'revoked', revoked_at = ? WHERE id = ? "
                    + "AND status = 'active'", System.currentTimeMillis(), id) == 0) {
                return false;
            }
            Db.update(c, "UPDATE scan_requests SET state = ?, result = ? WHERE agent_id = ? AND state = ?",
                    ScanRequestRecord.REFUSED, REVOKED_REQUEST, id, ScanRequestRecord.PENDING);
            return true;
        });
    }

    /** Ids of the agents revoked at or after {@code since} (running collectors poll this to close their streams). */
    public java.util.Set<String> revokedSince(Instant since) {
        return db.tx("read revoked agents", c -> java.util.Set.copyOf(Db.query(c, "SELECT id FROM agents "
                + "WHERE status = 'revoked' AND revoked_at >= ?", rs -> rs.getString(1), since.toEpochMilli())));
    }

    /** True when the agent is active and {@code certSha256} is the certificate it enrolled with. */
    public boolean isActive(String id, String certSha256) {
        return db.tx("check agent", c -> Db.queryOne(c, "SELECT 1 FROM agents WHERE id = ? AND cert_sha256 = ? "
                + "AND status = 'active'", rs -> Boolean.TRUE, id, certSha256).isPresent());
    }

    /** Notes that the agent connected or sent a heartbeat (and from where, which version). */
    public void touch(String id, Instant at, String ip, String version) {
        db.tx("touch agent", c -> Db.update(c, "UPDATE agents SET last_seen_at = ?, ip = COALESCE(?, ip), "
                + "version = COALESCE(?, version) WHERE id = ?", at.toEpochMilli(), ip, version, id));
    }

    /** Notes that a report from the agent was stored. */
    public void reported(String id, Instant at) {
        db.tx("touch agent", c -> Db.update(c, "UPDATE agents SET last_report_at = ?, last_seen_at = ? WHERE id = ?",
                at.toEpochMilli(), at.toEpochMilli(), id));
    }

    /** {@link #reported} for many agents in one transaction (group commit of agent reports). */
    public void reportedAll(java.util.Collection<String> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        db.tx("touch agents", c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "UPDATE agents SET last_report_at = ?, last_seen_at = ? WHERE id = ?")) {
                for (String id : ids) {
                    Db.bind(ps, at.toEpochMilli(), at.toEpochMilli(), id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Optional<AgentRecord> byId(String id) {
        return db.tx("read agent", c -> byId(c, id));
    }

    private static Optional<AgentRecord> byId(java.sql.Connection c, String id) throws SQLException {
        return Db.queryOne(c, SELECT + " WHERE a.id = ?", AgentRepository::map, id);
    }

    public List<AgentRecord> list() {
        return db.tx("list agents", c -> Db.query(c, SELECT + " ORDER BY a.enrolled_at", AgentRepository::map));
    }

    /** Ids of the active agents whose host is in {@code group} (null: every active agent), sorted. */
    public List<String> activeIds(String group) {
        return db.tx("list agents", c -> group == null
                ? Db.query(c, "SELECT id FROM agents WHERE status = 'active' ORDER BY id", rs -> rs.getString(1))
                : Db.query(c, "SELECT a.id FROM agents a JOIN hosts h ON h.id = a.host_id WHERE a.status = 'active' "
                        + "AND h.group_name = ? ORDER BY a.id", rs -> rs.getString(1), group));
    }

    private static AgentRecord map(ResultSet rs) throws SQLException {
        return new AgentRecord(rs.getString("id"), rs.getString("host_id"), rs.getString("hostname"),
                rs.getString("os_pretty"), rs.getString("group_name"), rs.getString("version"),
                rs.getString("cert_serial"), rs.getString("cert_sha256"), rs.getString("status"), rs.getString("ip"),
                Db.instant(rs, "enrolled_at"), Db.instant(rs, "last_seen_at"), Db.instant(rs, "last_report_at"),
                MachineIds.fromJson(rs.getString("machine_json")), rs.getString("duplicate_of"));
    }
}
