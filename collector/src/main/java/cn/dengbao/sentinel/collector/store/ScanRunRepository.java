package cn.dengbao.sentinel.collector.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Batch scan runs. */
public final class ScanRunRepository {
    private static final String COLS = "id, schedule_id, started_at, finished_at, hosts_ok, hosts_failed, errors_json";
    private final Db db;

    ScanRunRepository(Db db) {
        this.db = db;
    }

    /** Starts a run; {@code scheduleId} null for a manual run. Returns its id. */
    public long start(String scheduleId, Instant at) {
        return db.tx("start scan run", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scan_runs (schedule_id, started_at, "
                    + "hosts_ok, hosts_failed) VALUES (?, ?, 0, 0)", new String[] {"id"})) {
                Db.bind(ps, scheduleId, at.toEpochMilli());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Finishes a run; {@code errors} maps a host or target name to its error message (no secrets). */
    public void finish(long id, Instant at, int hostsOk, int hostsFailed, Map<String, String> errors) {
        db.tx("finish scan run", c -> Db.update(c, "UPDATE scan_runs SET finished_at = ?, hosts_ok = ?, "
                + "hosts_failed = ?, errors_json = ? WHERE id = ?", at.toEpochMilli(), hostsOk, hostsFailed,
                Json.write(new java.util.TreeMap<>(errors == null ? Map.of() : errors)), id));
    }

    public Optional<ScanRunRecord> byId(long id) {
        return db.tx("read scan run", c -> Db.queryOne(c, "SELECT " + COLS + " FROM scan_runs WHERE id = ?",
                ScanRunRepository::map, id));
    }

    /** Newest first. */
    public List<ScanRunRecord> list(int limit) {
        return db.tx("list scan runs", c -> Db.query(c, "SELECT " + COLS + " FROM scan_runs ORDER BY started_at "
                + "DESC, id DESC LIMIT " + Math.max(1, limit), ScanRunRepository::map));
    }

    private static ScanRunRecord map(ResultSet rs) throws SQLException {
        return new ScanRunRecord(rs.getLong("id"), rs.getString("schedule_id"), Db.instant(rs, "started_at"),
                Db.instant(rs, "finished_at"), rs.getInt("hosts_ok"), rs.getInt("hosts_failed"),
                rs.getString("errors_json"));
    }
}
