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

    /**
     * Claims one cron time of a schedule for {@code collector}: true for exactly one caller per (schedule, cron
     * time), however many collectors sharing the database race for it (the INSERT of the row keyed by both; the
     * others get a unique-key violation). The winner runs that time or records its skip; nobody else does anything.
     */
    public boolean claimFire(String id, Instant due, String collector, Instant now) {
        try {
            return db.tx("claim schedule time", c -> Db.update(c, "INSERT INTO schedule_fires (schedule_id, due_at, "
                    + "claimed_by, claimed_at) VALUES (?, ?, ?, ?)", id, due.toEpochMilli(),
                    cn.dengbao.sentinel.collector.text.PlainText.clip(collector, 255), now.toEpochMilli()) == 1);
        } catch (StoreException e) {
            if (e.getCause() instanceof java.sql.SQLException s && Dialect.isUniqueViolation(s)) {
                return false;
            }
            throw e;
        }
    }

    /** Who claimed a schedule's cron time, if anybody did (operators and tests). */
    public Optional<String> fireClaimedBy(String id, Instant due) {
        return db.tx("read schedule time", c -> Db.queryOne(c, "SELECT claimed_by FROM schedule_fires WHERE "
                + "schedule_id = ? AND due_at = ?", rs -> rs.getString(1), id, due.toEpochMilli()));
    }

    /** Deletes claims of cron times before {@code before}: they can never be due again. Returns how many. */
    public int purgeFires(Instant before) {
        return db.tx("purge schedule times", c -> Db.update(c, "DELETE FROM schedule_fires WHERE due_at < ?",
                before.toEpochMilli()));
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
