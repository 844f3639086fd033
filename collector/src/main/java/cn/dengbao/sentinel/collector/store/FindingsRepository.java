package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Findings with their lifecycle, history, scan-to-scan diffs, operator decisions and KPI records. */
public final class FindingsRepository {
    static final String COLS = "host_id, rule_id, clause, title, status, risk, major_hazard, first_seen_at, "
            + "opened_at, last_seen_at, fixed_at, open, reopen_count, last_scan_id, decision, decision_reason, "
            + "decision_by, decision_at";
    private static final int MAX_REASON = 2000;

    private final Db db;
    private final AuditLog audit;

    FindingsRepository(Db db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Open findings of a host (decided ones included, with their decision), by clause then rule (natural order). */
    public List<FindingRecord> current(String hostId) {
        return natural(db.tx("read findings", c -> Db.query(c, "SELECT " + COLS + " FROM findings WHERE host_id = ? "
                + "AND open = TRUE", FindingsRepository::map, hostId)));
    }

    /** Clause then rule in the one natural order (8.1.4.9c before 8.1.4.10a), which SQL text order is not. */
    private static List<FindingRecord> natural(List<FindingRecord> l) {
        List<FindingRecord> out = new ArrayList<>(l);
        out.sort(java.util.Comparator.comparing(FindingRecord::clause, cn.dengbao.sentinel.checks.engine.ClauseOrder.CLAUSES)
                .thenComparing(FindingRecord::ruleId, cn.dengbao.sentinel.checks.engine.ClauseOrder.CLAUSES));
        return out;
    }

    /** Every finding the host ever had, open or fixed. */
    public List<FindingRecord> all(String hostId) {
        return natural(db.tx("read findings", c -> Db.query(c, "SELECT " + COLS + " FROM findings WHERE host_id = ?",
                FindingsRepository::map, hostId)));
    }

    public Optional<FindingRecord> get(String hostId, String ruleId) {
        return db.tx("read finding", c -> get(c, hostId, ruleId));
    }

    private static Optional<FindingRecord> get(Connection c, String hostId, String ruleId) throws SQLException {
        return Db.queryOne(c, "SELECT " + COLS + " FROM findings WHERE host_id = ? AND rule_id = ?",
                FindingsRepository::map, hostId, ruleId);
    }

    /** The status history of one finding, oldest first. */
    public List<FindingEvent> history(String hostId, String ruleId) {
        return db.tx("read finding history", c -> Db.query(c, "SELECT host_id, rule_id, scan_id, at, kind, "
                + "from_status, to_status, actor, detail FROM finding_events WHERE host_id = ? AND rule_id = ? "
                + "ORDER BY at, id", FindingsRepository::mapEvent, hostId, ruleId));
    }

    /** Every finding event of a host (all rules), oldest first: one query for a whole report. */
    public List<FindingEvent> events(String hostId) {
        return db.tx("read finding history", c -> Db.query(c, "SELECT host_id, rule_id, scan_id, at, kind, "
                + "from_status, to_status, actor, detail FROM finding_events WHERE host_id = ? ORDER BY at, id",
                FindingsRepository::mapEvent, hostId));
    }

    private static FindingEvent mapEvent(ResultSet rs) throws SQLException {
        long scan = rs.getLong("scan_id");
        Long scanId = rs.wasNull() ? null : scan;
        return new FindingEvent(rs.getString("host_id"), rs.getString("rule_id"), scanId, Db.instant(rs, "at"),
                rs.getString("kind"), rs.getString("from_status"), rs.getString("to_status"), rs.getString("actor"),
                rs.getString("detail"));
    }

    /** Diff between two scans of the same host (see {@link ScanDiff} for the categories). */
    public ScanDiff diff(String hostId, long fromScanId, long toScanId) {
        return db.tx("diff scans", c -> {
            ScanSummary from = scan(c, fromScanId);
            ScanSummary to = scan(c, toScanId);
            if (!from.hostId().equals(hostId) || !to.hostId().equals(hostId)) {
                throw new StoreException("diff: both scans must belong to host " + hostId);
            }
            return diff(hostId, from, ScanRepository.results(c, fromScanId), to,
                    ScanRepository.results(c, toScanId));
        });
    }

    /** Diff of the host's two newest scans; empty when it has fewer than two. */
    public Optional<ScanDiff> diffLatest(String hostId) {
        return db.tx("diff scans", c -> {
            List<ScanSummary> two = Db.query(c, "SELECT " + ScanRepository.SCAN_COLS + " FROM scans WHERE "
                    + "host_id = ? ORDER BY scanned_at DESC, id DESC LIMIT 2", ScanRepository::mapScan, hostId);
            if (two.size() < 2) {
                return Optional.empty();
            }
            ScanSummary to = two.get(0);
            ScanSummary from = two.get(1);
            return Optional.of(diff(hostId, from, ScanRepository.results(c, from.id()), to,
                    ScanRepository.results(c, to.id())));
        });
    }

    private static ScanSummary scan(Connection c, long id) throws SQLException {
        return Db.queryOne(c, "SELECT " + ScanRepository.SCAN_COLS + " FROM scans WHERE id = ?",
                ScanRepository::mapScan, id).orElseThrow(() -> new StoreException("unknown scan " + id));
    }

    static ScanDiff diff(String hostId, ScanSummary from, List<ScanResult> fromResults, ScanSummary to,
                         List<ScanResult> toResults) {
        Map<String, ScanResult> a = index(fromResults);
        Map<String, ScanResult> b = index(toResults);
        List<ScanDiff.Entry> added = new ArrayList<>();
        List<ScanDiff.Entry> fixed = new ArrayList<>();
        List<ScanDiff.Entry> still = new ArrayList<>();
        List<ScanDiff.Entry> unverified = new ArrayList<>();
        TreeSet<String> rules = new TreeSet<>(a.keySet());
        rules.addAll(b.keySet());
        for (String rule : rules) {
            ScanResult ra = a.get(rule);
            ScanResult rb = b.get(rule);
            boolean failA = ra != null && Verdicts.failing(ra.status());
            boolean failB = rb != null && Verdicts.failing(rb.status());
            ScanResult shown = rb != null ? rb : ra;
            // the risk worth showing is the failing side's
            ScanResult riskOf = failB ? rb : (failA ? ra : shown);
            ScanDiff.Entry e = new ScanDiff.Entry(rule, shown.clause(), shown.title(), riskOf.risk(),
                    ra == null ? null : ra.status(), rb == null ? null : rb.status());
            if (failB && !failA) {
                added.add(e);
            } else if (failA && failB) {
                still.add(e);
            } else if (failA && rb != null && Verdicts.resolving(rb.status())) {
                fixed.add(e);
            } else if (failA) {
                unverified.add(e);
            }
        }
        java.util.Comparator<ScanDiff.Entry> order = java.util.Comparator
                .comparing(ScanDiff.Entry::clause, cn.dengbao.sentinel.checks.engine.ClauseOrder.CLAUSES)
                .thenComparing(ScanDiff.Entry::ruleId, cn.dengbao.sentinel.checks.engine.ClauseOrder.CLAUSES);
        added.sort(order);
        fixed.sort(order);
        still.sort(order);
        unverified.sort(order);
        return new ScanDiff(hostId, from, to, List.copyOf(added), List.copyOf(fixed), List.copyOf(still),
                List.copyOf(unverified));
    }

    private static Map<String, ScanResult> index(List<ScanResult> results) {
        Map<String, ScanResult> m = new LinkedHashMap<>();
        for (ScanResult r : results) {
            m.put(r.ruleId(), r);
        }
        return m;
    }

    /**
     * Records an operator decision on a host's rule, with an audit entry in the same transaction. A rule that has
     * no finding row yet (e.g. MANUAL) gets one from its latest scan result. Throws when the host never reported
     * that rule.
     */
    public FindingRecord decide(String hostId, String ruleId, Decision decision, String reason, String actor) {
        if (decision == null) {
            throw new IllegalArgumentException("decision is required");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required for a decision");
        }
        String why = reason.strip().length() > MAX_REASON ? reason.strip().substring(0, MAX_REASON)
                : reason.strip();
        Instant now = Instant.now();
        return db.tx("record decision", c -> {
            lockHost(c, hostId);
            if (get(c, hostId, ruleId).isEmpty()) {
                createFromLatestResult(c, hostId, ruleId, now);
            }
            Db.update(c, "UPDATE findings SET decision = ?, decision_reason = ?, decision_by = ?, decision_at = ? "
                    + "WHERE host_id = ? AND rule_id = ?", decision.code(), why, actor, now.toEpochMilli(),
                    hostId, ruleId);
            FindingRecord after = get(c, hostId, ruleId).orElseThrow();
            Db.update(c, "INSERT INTO finding_events (host_id, rule_id, scan_id, at, kind, from_status, to_status, "
                    + "actor, detail) VALUES (?, ?, NULL, ?, 'decided', ?, ?, ?, ?)", hostId, ruleId,
                    now.toEpochMilli(), Verdicts.name(after.status()), decision.code(), actor, why);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("host_id", hostId);
            details.put("rule_id", ruleId);
            details.put("decision", decision.code());
            details.put("reason", why);
            audit.append(c, actor, "finding.decide", details, now);
            return after;
        });
    }

    /** Withdraws the operator decision (audited). Returns false when there was none. */
    public boolean revoke(String hostId, String ruleId, String reason, String actor) {
        Instant now = Instant.now();
        return db.tx("revoke decision", c -> {
            Optional<FindingRecord> f = get(c, hostId, ruleId);
            if (f.isEmpty() || f.get().decision() == null) {
                return false;
            }
            Db.update(c, "UPDATE findings SET decision = NULL, decision_reason = NULL, decision_by = NULL, "
                    + "decision_at = NULL WHERE host_id = ? AND rule_id = ?", hostId, ruleId);
            Db.update(c, "INSERT INTO finding_events (host_id, rule_id, scan_id, at, kind, from_status, to_status, "
                    + "actor, detail) VALUES (?, ?, NULL, ?, 'revoked', ?, NULL, ?, ?)", hostId, ruleId,
                    now.toEpochMilli(), f.get().decision().code(), actor, reason);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("host_id", hostId);
            details.put("rule_id", ruleId);
            details.put("revoked", f.get().decision().code());
            details.put("reason", reason);
            audit.append(c, actor, "finding.revoke", details, now);
            return true;
        });
    }

    private static void lockHost(Connection c, String hostId) throws SQLException {
        if (Db.queryOne(c, "SELECT id FROM hosts WHERE id = ? FOR UPDATE", rs -> rs.getString(1), hostId)
                .isEmpty()) {
            throw new StoreException("unknown host " + hostId);
        }
    }

    private static void createFromLatestResult(Connection c, String hostId, String ruleId, Instant now)
            throws SQLException {
        Optional<Object[]> latest = Db.queryOne(c, "SELECT r.clause, r.title, r.status, r.risk, r.major_hazard, "
                + "s.scanned_at, s.id FROM scans s JOIN scan_results r ON r.scan_id = COALESCE(s.results_scan_id, s.id) "
                + "AND r.rule_id = ? WHERE s.host_id = ? ORDER BY s.scanned_at DESC, s.id DESC LIMIT 1", rs -> new Object[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                    rs.getLong(6), rs.getLong(7)}, ruleId, hostId);
        if (latest.isEmpty()) {
            throw new StoreException("host " + hostId + " has no result for rule " + ruleId);
        }
        Object[] r = latest.get();
        boolean failing = Verdicts.failing(Verdicts.status((String) r[2]));
        long at = (Long) r[5];
        Db.update(c, "INSERT INTO findings (host_id, rule_id, clause, title, status, risk, major_hazard, "
                + "first_seen_at, opened_at, last_seen_at, last_scan_id, fixed_at, open, reopen_count) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 0)", hostId, ruleId, r[0], r[1], r[2], r[3],
                r[4], at, at, at, r[6], failing);
    }

    /**
     * Lifecycle records for KPIs: findings of hosts in {@code group} (null = all groups) that were open at any
     * time since {@code since} (still open, opened since, or fixed since). Null {@code since} = all.
     */
    public List<LifecycleRecord> lifecycle(String group, Instant since) {
        StringBuilder sql = new StringBuilder("SELECT f.host_id, h.name, h.group_name, f.rule_id, f.clause, f.risk, "
                + "f.major_hazard, f.first_seen_at, f.opened_at, f.fixed_at, f.open, f.reopen_count, f.decision "
                + "FROM findings f JOIN hosts h ON h.id = f.host_id WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (group != null) {
            sql.append(" AND h.group_name = ?");
            params.add(group);
        }
        if (since != null) {
            sql.append(" AND (f.open = TRUE OR f.opened_at >= ? OR f.fixed_at >= ?)");
            params.add(since.toEpochMilli());
            params.add(since.toEpochMilli());
        }
        sql.append(" ORDER BY h.name, f.clause, f.rule_id");
        return db.tx("read lifecycle", c -> Db.query(c, sql.toString(), rs -> new LifecycleRecord(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Verdicts.risk(rs.getString(6)), rs.getBoolean(7), Db.instant(rs, "first_seen_at"),
                Db.instant(rs, "opened_at"), Db.instant(rs, "fixed_at"), rs.getBoolean(11), rs.getInt(12),
                Decision.fromColumn(rs.getString(13))), params.toArray()));
    }

    static FindingRecord map(ResultSet rs) throws SQLException {
        long scan = rs.getLong("last_scan_id");
        Long lastScan = rs.wasNull() ? null : scan;
        return new FindingRecord(rs.getString("host_id"), rs.getString("rule_id"), rs.getString("clause"),
                rs.getString("title"), Verdicts.status(rs.getString("status")), Verdicts.risk(rs.getString("risk")),
                rs.getBoolean("major_hazard"), Db.instant(rs, "first_seen_at"), Db.instant(rs, "opened_at"),
                Db.instant(rs, "last_seen_at"), Db.instant(rs, "fixed_at"), rs.getBoolean("open"),
                rs.getInt("reopen_count"), lastScan, Decision.fromColumn(rs.getString("decision")),
                rs.getString("decision_reason"), rs.getString("decision_by"), Db.instant(rs, "decision_at"));
    }

    /** Statuses considered failing, for callers building their own queries. */
    public static boolean isFailing(Status s) {
        return Verdicts.failing(s);
    }
}
