package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Advances the findings of one host by one scan (inside recordScan's transaction, host row locked):
 * <ul>
 *   <li>FAIL/PARTIAL with no finding: opened (first_seen = opened_at = last_seen = scan time);</li>
 *   <li>FAIL/PARTIAL on an open finding: last_seen advances (status change recorded);</li>
 *   <li>FAIL/PARTIAL on a fixed finding: reopened (fixed_at cleared, opened_at = scan time, reopen_count + 1);</li>
 *   <li>PASS/NOT_APPLICABLE on an open finding: fixed (fixed_at = scan time);</li>
 *   <li>MANUAL/ERROR: proves nothing; an open finding stays open, last_seen does not advance.</li>
 * </ul>
 * Every transition is a finding_events row. Operator decisions are untouched: they stay until revoked.
 */
final class FindingLifecycle {
    private FindingLifecycle() {}

    private static final class Row {
        /** The row as read, to tell a real change from a mere "seen again". */
        String before;
        String clause;
        String title;
        String status;
        String risk;
        boolean majorHazard;
        long openedAt;
        long lastSeenAt;
        Long fixedAt;
        boolean open;
        int reopenCount;

        /** Everything but last_seen_at and last_scan_id, which every scan advances. */
        String state() {
            return clause + '\u0000' + title + '\u0000' + status + '\u0000' + risk + '\u0000' + majorHazard + '\u0000'
                    + openedAt + '\u0000' + fixedAt + '\u0000' + open + '\u0000' + reopenCount;
        }
    }

    static void apply(Connection c, String hostId, long scanId, Instant scannedAt, Collection<Finding> findings)
            throws SQLException {
        long at = scannedAt.toEpochMilli();
        Map<String, Row> existing = new HashMap<>();
        for (Map.Entry<String, Row> e : Db.query(c, "SELECT rule_id, clause, title, status, risk, major_hazard, "
                + "opened_at, last_seen_at, fixed_at, open, reopen_count FROM findings WHERE host_id = ?", rs -> {
                    Row r = new Row();
                    r.clause = rs.getString("clause");
                    r.title = rs.getString("title");
                    r.status = rs.getString("status");
                    r.risk = rs.getString("risk");
                    r.majorHazard = rs.getBoolean("major_hazard");
                    r.openedAt = rs.getLong("opened_at");
                    r.lastSeenAt = rs.getLong("last_seen_at");
                    long fixed = rs.getLong("fixed_at");
                    r.fixedAt = rs.wasNull() ? null : fixed;
                    r.open = rs.getBoolean("open");
                    r.reopenCount = rs.getInt("reopen_count");
                    r.before = r.state();
                    return Map.entry(rs.getString("rule_id"), r);
                }, hostId)) {
            existing.put(e.getKey(), e.getValue());
        }

        try (PreparedStatement insert = c.prepareStatement("INSERT INTO findings (host_id, rule_id, clause, title, "
                + "status, risk, major_hazard, first_seen_at, opened_at, last_seen_at, last_scan_id, fixed_at, open, "
                + "reopen_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, TRUE, 0)");
             PreparedStatement update = c.prepareStatement("UPDATE findings SET clause = ?, title = ?, status = ?, "
                     + "risk = ?, major_hazard = ?, opened_at = ?, last_seen_at = ?, last_scan_id = ?, fixed_at = ?, "
                     + "open = ?, reopen_count = ? WHERE host_id = ? AND rule_id = ?");
             PreparedStatement event = c.prepareStatement("INSERT INTO finding_events (host_id, rule_id, scan_id, "
                     + "at, kind, from_status, to_status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int inserts = 0;
            int updates = 0;
            // Rows that only advance last_seen_at/last_scan_id (the usual case: the same verdict again) are
            // updated with one set-based statement per kind instead of one row at a time.
            List<String> seenRules = new ArrayList<>();
            List<String> scannedRules = new ArrayList<>();
            int events = 0;
            for (Finding f : findings) {
                Status st = f.getStatus();
                String status = Verdicts.name(st);
                Row row = existing.get(f.getRuleId());
                if (row == null) {
                    if (Verdicts.failing(st)) {
                        Db.bind(insert, hostId, f.getRuleId(), f.getClause(), f.getTitle(), status,
                                Verdicts.name(f.getRisk()), f.getMajorHazard(), at, at, at, scanId);
                        insert.addBatch();
                        inserts++;
                        events += event(event, hostId, f.getRuleId(), scanId, at, "opened", null, status);
                    }
                    continue;
                }
                String from = row.status;
                if (Verdicts.failing(st)) {
                    String kind = row.open ? (status.equals(from) ? null : "status") : "reopened";
                    if (!row.open) {
                        row.open = true;
                        row.fixedAt = null;
                        row.openedAt = at;
                        row.reopenCount++;
                    }
                    row.lastSeenAt = Math.max(row.lastSeenAt, at);
                    row.risk = Verdicts.name(f.getRisk());
                    row.majorHazard = f.getMajorHazard();
                    row.clause = f.getClause();
                    row.title = f.getTitle();
                    row.status = status;
                    if (kind == null && row.state().equals(row.before)) {
                        seenRules.add(f.getRuleId());
                        continue;
                    }
                    if (kind != null) {
                        events += event(event, hostId, f.getRuleId(), scanId, at, kind, from, status);
                    }
                } else if (Verdicts.resolving(st)) {
                    if (row.open) {
                        row.open = false;
                        row.fixedAt = at;
                        events += event(event, hostId, f.getRuleId(), scanId, at, "fixed", from, status);
                    }
                    // risk stays the risk it had while failing: KPIs count fixes by risk.
                    row.status = status;
                } else if (row.open) {
                    if (!status.equals(from)) {
                        events += event(event, hostId, f.getRuleId(), scanId, at, "status", from, status);
                    }
                    row.status = status;
                } else {
                    continue; // a fixed finding that could not be re-checked stays fixed
                }
                if (row.state().equals(row.before)) {
                    scannedRules.add(f.getRuleId());
                    continue;
                }
                Db.bind(update, row.clause, row.title, row.status, row.risk, row.majorHazard, row.openedAt,
                        row.lastSeenAt, scanId, row.fixedAt, row.open, row.reopenCount, hostId, f.getRuleId());
                update.addBatch();
                updates++;
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
            if (updates > 0) {
                update.executeBatch();
            }
            if (events > 0) {
                event.executeBatch();
            }
            if (!seenRules.isEmpty()) {
                touch(c, "last_scan_id = ?, last_seen_at = CASE WHEN last_seen_at < ? THEN ? ELSE last_seen_at END",
                        hostId, seenRules, scanId, at, at);
            }
            if (!scannedRules.isEmpty()) {
                touch(c, "last_scan_id = ?", hostId, scannedRules, scanId);
            }
        }
    }

    /**
     * The host's newest scan {@code previousScanId} had exactly these verdicts, so {@link #apply} would change
     * nothing but "seen again": the rows that scan wrote or advanced (last_scan_id = it) move to this scan, and
     * those still failing and open are seen at this time. One statement, no read. Rows the previous scan left
     * alone (a fixed finding re-checked as MANUAL/ERROR, rules no longer evaluated) stay alone, as in apply.
     */
    static void seenAgain(Connection c, String hostId, long previousScanId, long scanId, Instant scannedAt)
            throws SQLException {
        long at = scannedAt.toEpochMilli();
        Db.update(c, "UPDATE findings SET last_scan_id = ?, last_seen_at = CASE WHEN open = TRUE AND status IN "
                + "('FAIL', 'PARTIAL') AND last_seen_at < ? THEN ? ELSE last_seen_at END "
                + "WHERE host_id = ? AND last_scan_id = ?", scanId, at, at, hostId, previousScanId);
    }

    private static void touch(Connection c, String set, String hostId, List<String> ruleIds, Object... values)
            throws SQLException {
        Array ids = c.createArrayOf("VARCHAR", ruleIds.toArray());
        try {
            Object[] params = new Object[values.length + 2];
            System.arraycopy(values, 0, params, 0, values.length);
            params[values.length] = hostId;
            params[values.length + 1] = ids;
            Db.update(c, "UPDATE findings SET " + set + " WHERE host_id = ? AND rule_id = ANY (?)", params);
        } finally {
            ids.free();
        }
    }

    private static int event(PreparedStatement ps, String hostId, String ruleId, long scanId, long at, String kind,
                             String from, String to) throws SQLException {
        Db.bind(ps, hostId, ruleId, scanId, at, kind, from, to);
        ps.addBatch();
        return 1;
    }
}
