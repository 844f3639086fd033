package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.text.PlainText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Scan requests on their way from the CLI or the scheduler to the collector holding an agent's stream. Every
 * collector sharing the database polls {@link #pending}; the one whose agent is connected {@link #claim}s the
 * row (an UPDATE conditioned on {@code state = 'pending'}: of two collectors claiming at once exactly one
 * updates the row, on H2 and PostgreSQL alike), sends it and records the outcome with {@link #finish}.
 */
public final class ScanRequestRepository {
    private static final String COLS = "id, agent_id, requested_for, sections, requested_by, requested_at, expires_at, "
            + "state, taken_by, taken_at, result";
    private static final int RESULT = 1024;

    private final Db db;

    ScanRequestRepository(Db db) {
        this.db = db;
    }

    /** Queues one request per agent, in one transaction. Returns their ids, in the order of {@code agentIds}. */
    public List<Long> submit(List<String> agentIds, String requestedFor, List<String> sections, String requestedBy,
                             Instant now, Instant expiresAt) {
        String sectionList = String.join(",", sections);
        String by = PlainText.clip(requestedBy, 128);
        return db.tx("queue scan requests", c -> {
            List<Long> ids = new ArrayList<>(agentIds.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scan_requests (agent_id, requested_for, "
                    + "sections, requested_by, requested_at, expires_at, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                for (String agent : agentIds) {
                    Db.bind(ps, agent, PlainText.clip(requestedFor, 200), sectionList, by, now, expiresAt,
                            ScanRequestRecord.PENDING);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        ids.add(keys.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Pending requests that have not expired, oldest first. */
    public List<ScanRequestRecord> pending(Instant now, int limit) {
        return db.tx("read scan requests", c -> Db.query(c, "SELECT " + COLS + " FROM scan_requests WHERE state = ? "
                + "AND expires_at > ? ORDER BY id LIMIT " + Math.max(1, limit), ScanRequestRepository::map,
                ScanRequestRecord.PENDING, now));
    }

    /** Takes a pending request for {@code collector}. True for exactly one caller, however many race for it. */
    public boolean claim(long id, String collector, Instant now) {
        return db.tx("claim scan request", c -> Db.update(c, "UPDATE scan_requests SET state = ?, taken_by = ?, "
                + "taken_at = ? WHERE id = ? AND state = ? AND expires_at > ?", ScanRequestRecord.TAKEN,
                PlainText.clip(collector, 255), now, id, ScanRequestRecord.PENDING, now) == 1);
    }

    /** Records what became of a request this collector took: {@code SENT} or {@code FAILED}, and why. */
    public void finish(long id, String state, String result) {
        db.tx("finish scan request", c -> Db.update(c, "UPDATE scan_requests SET state = ?, result = ? WHERE id = ? "
                + "AND state = ?", state, PlainText.clip(result, RESULT), id, ScanRequestRecord.TAKEN));
    }

    /**
     * Gives a taken request back (its agent's stream closed before it could be sent): it is pending again, for the
     * collector the agent reconnects to.
     */
    public void release(long id) {
        db.tx("release scan request", c -> Db.update(c, "UPDATE scan_requests SET state = ?, taken_by = NULL, "
                + "taken_at = NULL WHERE id = ? AND state = ?", ScanRequestRecord.PENDING, id, ScanRequestRecord.TAKEN));
    }

    /** Marks pending requests past their time as expired, with the reason. Returns how many. */
    public int expire(Instant now, String reason) {
        return db.tx("expire scan requests", c -> Db.update(c, "UPDATE scan_requests SET state = ?, result = ? "
                + "WHERE state = ? AND expires_at <= ?", ScanRequestRecord.EXPIRED, PlainText.clip(reason, RESULT),
                ScanRequestRecord.PENDING, now));
    }

    /** Deletes settled requests (anything but pending) made before {@code before}. Returns how many. */
    public int purge(Instant before) {
        return db.tx("purge scan requests", c -> Db.update(c, "DELETE FROM scan_requests WHERE state <> ? "
                + "AND requested_at < ?", ScanRequestRecord.PENDING, before));
    }

    public Optional<ScanRequestRecord> byId(long id) {
        return db.tx("read scan request", c -> Db.queryOne(c, "SELECT " + COLS + " FROM scan_requests WHERE id = ?",
                ScanRequestRepository::map, id));
    }

    private static ScanRequestRecord map(ResultSet rs) throws SQLException {
        String sections = rs.getString("sections");
        return new ScanRequestRecord(rs.getLong("id"), rs.getString("agent_id"), rs.getString("requested_for"),
                sections == null || sections.isEmpty() ? List.of() : Arrays.asList(sections.split(",")),
                rs.getString("requested_by"), Db.instant(rs, "requested_at"), Db.instant(rs, "expires_at"),
                rs.getString("state"), rs.getString("taken_by"), Db.instant(rs, "taken_at"), rs.getString("result"));
    }
}
