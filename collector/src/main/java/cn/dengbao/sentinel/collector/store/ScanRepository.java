package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluated scans and their per-rule results; recording one also advances the findings lifecycle. */
public final class ScanRepository {
    /** Agent clocks are untrusted: a collection time further ahead than this is replaced by the arrival time. */
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);
    static final String SCAN_COLS = "id, host_id, report_id, scanned_at, recorded_at, trigger, profile, pass_count, "
            + "fail_count, partial_count, manual_count, na_count, error_count";
    static final String RESULT_COLS = "scan_id, rule_id, clause, title, status, risk, message, evidence_json, "
            + "remediation, risk_reason, major_hazard";

    private final Db db;

    ScanRepository(Db db) {
        this.db = db;
    }

    /**
     * Stores the report (gzip facts), the scan, its results and the findings lifecycle in ONE transaction, so an
     * agent's ack (sent after this returns) always means "report and verdicts are durable". Idempotent per
     * report id: a resend returns the existing scan with {@code isNew() == false} and changes nothing.
     * The host must exist ({@link HostRepository#upsert} first).
     */
    public ScanRecord recordScan(String hostId, String reportId, Facts facts, Evaluation ev, String trigger) {
        Instant now = Instant.now();
        try {
            return db.tx("record scan", c -> record(c, hostId, reportId, facts, ev, trigger, now));
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Dialect.isUniqueViolation(s)) {
                // The same report id was recorded concurrently (e.g. by another collector): report the winner.
                Optional<ScanSummary> existing = byReport(reportId);
                if (existing.isPresent()) {
                    return new ScanRecord(existing.get().id(), false);
                }
            }
            throw e;
        }
    }

    /**
     * Group commit: records many evaluated reports in ONE transaction (one durable commit instead of one per
     * report), with the same per-report semantics as {@link #recordScan(String, String, Facts, Evaluation, String)}:
     * idempotent per report id (a report already stored, or repeated within the batch, comes back with
     * {@code isNew() == false}), and scans of one host apply in the order given, so its lifecycle advances as if
     * they had been recorded one by one. All or nothing: on any error nothing of the batch is stored and the
     * exception propagates (the caller may retry the reports one by one to isolate a bad one).
     *
     * @return one record per input, in input order
     */
    public List<ScanRecord> recordScans(List<NewScan> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        // Host rows are locked in host-id order (a stable sort keeps each host's reports in their given order),
        // so two collectors committing batches on one database cannot deadlock on each other's host locks.
        Integer[] order = new Integer[batch.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> batch.get(i).hostId()));
        return db.tx("record " + batch.size() + " scans", c -> {
            ScanRecord[] out = new ScanRecord[batch.size()];
            for (int i : order) {
                NewScan s = batch.get(i);
                out[i] = record(c, s.hostId(), s.reportId(), s.facts(), s.evaluation(), s.trigger(), now);
            }
            return List.of(out);
        });
    }

    /**
     * Records the evaluation of a report stored earlier with {@link ReportRepository#storeReport} (same
     * guarantees as the five-argument form; the scan time is the stored report's collection time).
     */
    public ScanRecord recordScan(String hostId, String reportId, Evaluation ev, String trigger) {
        Instant now = Instant.now();
        return db.tx("record scan", c -> {
            Optional<Long> collected = Db.queryOne(c, "SELECT COALESCE(collected_at, received_at) FROM reports "
                    + "WHERE report_id = ? AND host_id = ?", rs -> rs.getLong(1), reportId, hostId);
            if (collected.isEmpty()) {
                throw new StoreException("record scan: report " + reportId + " of host " + hostId + " is not stored");
            }
            Facts stub = Facts.newBuilder().setReportId(reportId)
                    .setHost(cn.dengbao.sentinel.proto.HostInfo.newBuilder().setCollectedAtEpochMs(collected.get()))
                    .build();
            return record(c, hostId, reportId, stub, ev, trigger, now);
        });
    }

    private ScanRecord record(Connection c, String hostId, String reportId, Facts facts, Evaluation ev,
                              String trigger, Instant now) throws SQLException {
        Limits.id("report id (generate a UUID for SSH and file scans)", reportId, Limits.REPORT_ID);
        trigger = PlainText.clip(trigger, Limits.TRIGGER);
        Instant scannedAt = scannedAt(facts, ev, now);
        // Locks the host row: scans of one host are serialised (lifecycle is read-modify-write), other hosts
        // proceed in parallel.
        int locked = Db.update(c, "UPDATE hosts SET last_seen_at = CASE WHEN last_seen_at IS NULL OR "
                + "last_seen_at < ? THEN ? ELSE last_seen_at END WHERE id = ?",
                scannedAt.toEpochMilli(), scannedAt.toEpochMilli(), hostId);
        if (locked == 0) {
            throw new StoreException("record scan: unknown host " + hostId);
        }
        // One round trip for what recording depends on: already scanned? report already stored? the host's newest
        // scan so far (its time orders the lifecycle; its verdict hash lets an unchanged scan share its results).
        Before pre = Db.queryOne(c, "SELECT (SELECT id FROM scans WHERE report_id = ?), "
                + "(SELECT COUNT(*) FROM reports WHERE report_id = ?), n.scanned_at, n.id, n.results_hash, "
                + "n.results_scan_id FROM (SELECT 1 AS one) d LEFT JOIN (SELECT scanned_at, id, results_hash, "
                + "results_scan_id FROM scans WHERE host_id = ? ORDER BY scanned_at DESC, id DESC LIMIT 1) n ON TRUE",
                Before::map, reportId, reportId, hostId).orElseThrow();
        if (pre.scanId() != null) {
            return new ScanRecord(pre.scanId(), false);
        }
        if (!pre.reportStored()) {
            ReportRepository.insertNew(c, hostId, reportId, trigger, facts, now);
        }
        long newestBefore = pre.newestScan() == null ? Long.MIN_VALUE : pre.newestAt();

        Map<String, Finding> byRule = new LinkedHashMap<>();
        for (Finding f : ev.getFindingsList()) {
            Limits.id("rule id", f.getRuleId(), Limits.RULE_ID);
            byRule.put(f.getRuleId(), clipped(f));
            // a duplicated rule id keeps the last verdict
        }
        int[] counts = new int[7];
        for (Finding f : byRule.values()) {
            counts[Math.max(0, Math.min(6, f.getStatusValue()))]++;
        }
        String resultsHash = ResultsHash.of(byRule.values());
        // The verdicts repeat the host's newest scan: share its result rows instead of writing them again.
        Long sharedResults = pre.newestScan() != null && resultsHash.equals(pre.newestHash())
                ? pre.newestResultsScan() : null;
        long scanId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scans (host_id, report_id, scanned_at, "
                + "recorded_at, trigger, profile, pass_count, fail_count, partial_count, manual_count, na_count, "
                + "error_count, results_scan_id, results_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            Db.bind(ps, hostId, reportId, scannedAt.toEpochMilli(), now.toEpochMilli(), trigger,
                    ev.getProfile().isEmpty() ? null : PlainText.clip(ev.getProfile(), Limits.PROFILE), counts[1], counts[3], counts[2],
                    counts[5], counts[4], counts[6] + counts[0], sharedResults, resultsHash);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                scanId = keys.getLong(1);
            }
        }
        if (sharedResults == null && !byRule.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scan_results (" + RESULT_COLS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Finding f : byRule.values()) {
                    Db.bind(ps, scanId, f.getRuleId(), f.getClause(), f.getTitle(), Verdicts.name(f.getStatus()),
                            Verdicts.name(f.getRisk()), f.getMessage(), EvidenceJson.write(f.getEvidenceList()),
                            f.getRemediation(), f.getRiskReason(), f.getMajorHazard());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        // A late resend of an older collection is history, not news: it must not reopen or close findings
        // that a newer scan already decided.
        if (newestBefore <= scannedAt.toEpochMilli()) {
            if (sharedResults != null) {
                // the same verdicts as the newest scan: nothing opens, closes or changes status
                FindingLifecycle.seenAgain(c, hostId, pre.newestScan(), scanId, scannedAt);
            } else {
                FindingLifecycle.apply(c, hostId, scanId, scannedAt, byRule.values());
            }
        }
        return new ScanRecord(scanId, true);
    }

    /**
     * What recording a report depends on, read in one round trip: the scan already made of it (a resend), whether
     * the report is stored, and the host's newest scan so far (null when none): its time orders the lifecycle, its
     * verdict hash lets an unchanged scan share the rows it reads ({@code newestResultsScan}).
     */
    private record Before(Long scanId, boolean reportStored, Long newestScan, long newestAt, Long newestResultsScan,
                          String newestHash) {
        static Before map(ResultSet rs) throws SQLException {
            long scan = rs.getLong(1);
            Long scanId = rs.wasNull() ? null : scan;
            boolean reportStored = rs.getLong(2) > 0;
            long newestAt = rs.getLong(3);
            if (rs.wasNull()) {
                return new Before(scanId, reportStored, null, 0, null, null);
            }
            long newest = rs.getLong(4);
            String hash = rs.getString(5);
            long shared = rs.getLong(6);
            return new Before(scanId, reportStored, newest, newestAt, rs.wasNull() ? newest : shared, hash);
        }
    }

    /** The finding as stored: over-long texts clipped (copied only when something is too long, the rare case). */
    private static Finding clipped(Finding f) {
        if (f.getClause().length() <= Limits.CLAUSE && f.getTitle().length() <= Limits.TITLE
                && f.getMessage().length() <= Limits.TEXT && f.getRemediation().length() <= Limits.TEXT
                && f.getRiskReason().length() <= Limits.TEXT) {
            return f;
        }
        return f.toBuilder().setClause(PlainText.clip(f.getClause(), Limits.CLAUSE))
                .setTitle(PlainText.clip(f.getTitle(), Limits.TITLE))
                .setMessage(PlainText.clip(f.getMessage(), Limits.TEXT))
                .setRemediation(PlainText.clip(f.getRemediation(), Limits.TEXT))
                .setRiskReason(PlainText.clip(f.getRiskReason(), Limits.TEXT)).build();
    }

    static Instant scannedAt(Facts facts, Evaluation ev, Instant now) {
        long t = facts.getHost().getCollectedAtEpochMs();
        if (t <= 0) {
            t = ev.getEvaluatedAtEpochMs();
        }
        if (t <= 0 || Instant.ofEpochMilli(t).isAfter(now.plus(MAX_CLOCK_AHEAD))) {
            return now;
        }
        return Instant.ofEpochMilli(t);
    }

    public Optional<ScanSummary> byId(long scanId) {
        return db.tx("read scan", c -> Db.queryOne(c, "SELECT " + SCAN_COLS + " FROM scans WHERE id = ?",
                ScanRepository::mapScan, scanId));
    }

    public Optional<ScanSummary> byReport(String reportId) {
        return db.tx("read scan", c -> Db.queryOne(c, "SELECT " + SCAN_COLS + " FROM scans WHERE report_id = ?",
                ScanRepository::mapScan, reportId));
    }

    /** Scans of a host, newest first; {@code limit} <= 0 for all. */
    public List<ScanSummary> list(String hostId, int limit) {
        return db.tx("list scans", c -> Db.query(c, "SELECT " + SCAN_COLS + " FROM scans WHERE host_id = ? "
                        + "ORDER BY scanned_at DESC, id DESC" + (limit > 0 ? " LIMIT " + limit : ""),
                ScanRepository::mapScan, hostId));
    }

    public Optional<ScanSummary> latest(String hostId) {
        return list(hostId, 1).stream().findFirst();
    }

    /** The latest scan of the host collected at or before {@code at}: its state as of that date. */
    public Optional<ScanSummary> asOf(String hostId, Instant at) {
        return db.tx("read scan", c -> Db.queryOne(c, "SELECT " + SCAN_COLS + " FROM scans WHERE host_id = ? "
                        + "AND scanned_at <= ? ORDER BY scanned_at DESC, id DESC LIMIT 1",
                ScanRepository::mapScan, hostId, at.toEpochMilli()));
    }

    /**
     * For fleet reports: the latest scan at or before {@code asOf} (null = now) of every host in {@code group}
     * (null = all hosts), one query whatever the number of hosts. Hosts never scanned by then are absent.
     */
    public List<ScanSummary> latestPerHost(String group, Instant asOf) {
        long at = asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli();
        String sql = "SELECT " + prefixed("s") + " FROM scans s JOIN hosts h ON h.id = s.host_id "
                + "WHERE s.id = (SELECT s2.id FROM scans s2 WHERE s2.host_id = s.host_id AND s2.scanned_at <= ? "
                + "ORDER BY s2.scanned_at DESC, s2.id DESC LIMIT 1)"
                + (group == null ? "" : " AND h.group_name = ?") + " ORDER BY h.name";
        return db.tx("list latest scans", c -> group == null
                ? Db.query(c, sql, ScanRepository::mapScan, at)
                : Db.query(c, sql, ScanRepository::mapScan, at, group));
    }

    private static String prefixed(String alias) {
        StringBuilder sb = new StringBuilder();
        for (String col : SCAN_COLS.split(",\\s*")) {
            sb.append(sb.length() == 0 ? "" : ", ").append(alias).append('.').append(col);
        }
        return sb.toString();
    }

    /** The host's state (scan + every verdict) as of a past date; empty when it had not been scanned yet. */
    public Optional<HostState> stateAsOf(String hostId, Instant at) {
        return asOf(hostId, at).map(s -> new HostState(s, results(s.id())));
    }

    public List<ScanResult> results(long scanId) {
        return db.tx("read scan results", c -> results(c, scanId));
    }

    static List<ScanResult> results(Connection c, long scanId) throws SQLException {
        // A scan that repeated an earlier scan's verdicts reads that scan's rows, reported under its own id.
        return Db.query(c, "SELECT " + RESULT_COLS + " FROM scan_results WHERE scan_id = "
                        + "(SELECT COALESCE(results_scan_id, id) FROM scans WHERE id = ?) ORDER BY clause, rule_id",
                rs -> mapResult(rs, scanId), scanId);
    }

    /**
     * Rebuilds the stored scan as an Evaluation (findings only: clause roll-ups are not stored, re-derive them
     * with the checks engine if needed).
     */
    public Optional<Evaluation> evaluation(long scanId) {
        return db.tx("read scan", c -> {
            Optional<ScanSummary> s = Db.queryOne(c, "SELECT " + SCAN_COLS + " FROM scans WHERE id = ?",
                    ScanRepository::mapScan, scanId);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            String hostName = HostRepository.byId(c, s.get().hostId()).map(Host::name).orElse(s.get().hostId());
            Evaluation.Builder b = Evaluation.newBuilder().setHost(hostName).setReportId(s.get().reportId())
                    .setEvaluatedAtEpochMs(s.get().scannedAt().toEpochMilli())
                    .setProfile(s.get().profile() == null ? "" : s.get().profile());
            for (ScanResult r : results(c, scanId)) {
                b.addFindings(r.toFinding());
            }
            return Optional.of(b.build());
        });
    }

    static ScanSummary mapScan(ResultSet rs) throws SQLException {
        return new ScanSummary(rs.getLong("id"), rs.getString("host_id"), rs.getString("report_id"),
                Db.instant(rs, "scanned_at"), Db.instant(rs, "recorded_at"), rs.getString("trigger"),
                rs.getString("profile"), rs.getInt("pass_count"), rs.getInt("fail_count"),
                rs.getInt("partial_count"), rs.getInt("manual_count"), rs.getInt("na_count"),
                rs.getInt("error_count"));
    }

    static ScanResult mapResult(ResultSet rs, long scanId) throws SQLException {
        return new ScanResult(scanId, rs.getString("rule_id"), rs.getString("clause"),
                rs.getString("title"), Verdicts.status(rs.getString("status")), Verdicts.risk(rs.getString("risk")),
                rs.getString("message"), EvidenceJson.read(rs.getString("evidence_json")),
                rs.getString("remediation"), rs.getString("risk_reason"), rs.getBoolean("major_hazard"));
    }
}
