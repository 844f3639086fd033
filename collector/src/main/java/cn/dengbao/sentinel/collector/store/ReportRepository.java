package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.proto.Facts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Raw fact reports (gzip protobuf), kept for every scan so any past state can be re-shown and re-evaluated. */
public final class ReportRepository {
    private final Db db;

    ReportRepository(Db db) {
        this.db = db;
    }

    /**
     * Stores a report without evaluating it. Returns false when the report id is already stored (a resend).
     * Ingest paths that evaluate should call {@link ScanRepository#recordScan} instead, which stores the report
     * and its scan in one transaction.
     */
    public boolean storeReport(String hostId, String reportId, String trigger, Facts facts) {
        try {
            return db.tx("store report", c -> insert(c, hostId, reportId, trigger, facts, Instant.now()));
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Dialect.isUniqueViolation(s)) {
                return false; // a concurrent resend won the race
            }
            throw e;
        }
    }

    /** Inserts the report unless its id exists; returns whether it was inserted. */
    static boolean insert(Connection c, String hostId, String reportId, String trigger, Facts facts, Instant now)
            throws SQLException {
        Limits.id("report id", reportId, Limits.REPORT_ID);
        if (exists(c, reportId)) {
            return false;
        }
        insertNew(c, hostId, reportId, trigger, facts, now);
        return true;
    }

    /** Inserts a report the caller knows is not stored yet (a race ends in a unique violation). */
    static void insertNew(Connection c, String hostId, String reportId, String trigger, Facts facts, Instant now)
            throws SQLException {
        long collected = facts.getHost().getCollectedAtEpochMs();
        Db.update(c, "INSERT INTO reports (report_id, host_id, received_at, collected_at, trigger, facts_gz, "
                        + "facts_size) VALUES (?, ?, ?, ?, ?, ?, ?)",
                reportId, hostId, now.toEpochMilli(), collected > 0 ? collected : null,
                PlainText.clip(trigger, Limits.TRIGGER),
                FactsCodec.encode(facts), facts.getSerializedSize());
    }

    static boolean exists(Connection c, String reportId) throws SQLException {
        return Db.queryOne(c, "SELECT 1 FROM reports WHERE report_id = ?", rs -> Boolean.TRUE, reportId)
                .isPresent();
    }

    public boolean exists(String reportId) {
        return db.tx("read report", c -> exists(c, reportId));
    }

    public Optional<StoredFacts> byId(String reportId) {
        return db.tx("read report", c -> Db.queryOne(c,
                "SELECT report_id, host_id, received_at, trigger, facts_gz FROM reports WHERE report_id = ?",
                ReportRepository::map, reportId));
    }

    /** The newest facts of a host (by collection time, then arrival). */
    public Optional<StoredFacts> latestFacts(String hostId) {
        return db.tx("read latest facts", c -> Db.queryOne(c,
                "SELECT report_id, host_id, received_at, trigger, facts_gz FROM reports WHERE host_id = ? "
                        + "ORDER BY COALESCE(collected_at, received_at) DESC, received_at DESC LIMIT 1",
                ReportRepository::map, hostId));
    }

    /** Report ids of a host, newest first (for listings; facts are not inflated). */
    public List<String> reportIds(String hostId) {
        return db.tx("list reports", c -> Db.query(c,
                "SELECT report_id FROM reports WHERE host_id = ? ORDER BY received_at DESC",
                rs -> rs.getString(1), hostId));
    }

    private static StoredFacts map(java.sql.ResultSet rs) throws SQLException {
        return new StoredFacts(rs.getString("report_id"), rs.getString("host_id"), Db.instant(rs, "received_at"),
                rs.getString("trigger"), FactsCodec.decode(rs.getBytes("facts_gz")));
    }
}
