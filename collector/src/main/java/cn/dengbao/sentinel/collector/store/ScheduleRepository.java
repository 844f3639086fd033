package cn.dengbao.sentinel.collector.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Scan schedules, with an atomic claim so two collectors sharing a database never run the same one at once. */
public final class ScheduleRepository {
    private static final String COLS = "id, group_name, cron, kind, created_at, last_run_at, running_since";
    private final Db db;

    ScheduleRepository(Db db) {
        this.db = db;
    }

    public ScheduleRecord create(String group, String cron, String kind) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        db.tx("create schedule", c -> Db.update(c, "INSERT INTO schedules (" + COLS + ") VALUES (?, ?, ?, ?, ?, "
                + "NULL, NULL)", id, group, cron, kind, now));
        return byId(id).orElseThrow();
    }

    public Optional<ScheduleRecord> byId(String id) {
        return db.tx("read schedule", c -> Db.queryOne(c, "SELECT " + COLS + " FROM schedules WHERE id = ?",
                ScheduleRepository::map, id));
    }

    public List<ScheduleRecord> list() {
        return db.tx("list schedules", c -> Db.query(c, "SELECT " + COLS + " FROM schedules ORDER BY created_at",
                ScheduleRepository::map));
    }

    public boolean delete(String id) {
        return db.tx("delete schedule", c -> Db.update(c, "DELETE FROM schedules WHERE id = ?", id) > 0);
    }

    /**
     * Claims the schedule for a run: true when nobody runs it, or the previous claim is older than
     * {@code staleAfter} (a collector that died mid-run).
     */
    public boolean tryStart(String id, Instant now, Duration staleAfter) {
        return db.tx("claim schedule", c -> Db.update(c, "UPDATE schedules SET running_since = ? WHERE id = ? AND "
                + "(running_since IS NULL OR running_since < ?)", now.toEpochMilli(), id,
                now.minus(staleAfter).toEpochMilli()) == 1);
    }

    public void finish(String id, Instant at) {
        db.tx("finish schedule", c -> Db.update(c, "UPDATE schedules SET running_since = NULL, last_run_at = ? "
                + "WHERE id = ?", at.toEpochMilli(), id));
    }

    private static ScheduleRecord map(ResultSet rs) throws SQLException {
        return new ScheduleRecord(rs.getString("id"), rs.getString("group_name"), rs.getString("cron"),
                rs.getString("kind"), Db.instant(rs, "created_at"), Db.instant(rs, "last_run_at"),
                Db.instant(rs, "running_since"));
    }
}
