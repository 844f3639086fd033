package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Operator changes that running collectors cache, in the order they were made ({@code store_changes}, V9). A
 * change is appended in the same transaction as the change itself; each collector reads what came after the last
 * id it saw ({@link #after}) about once a second and drops those cache entries, so a {@code hosts set} or
 * {@code agents merge} made through any collector (or the CLI on any host) reaches every collector sharing the
 * database within a second or so.
 */
public final class StoreChanges {
    /** A host's operator-set attributes changed; subject = host id. */
    public static final String HOST_ATTRIBUTES = "host.attributes";
    /** An agent now reports for another host ({@code agents merge}); subject = agent id. */
    public static final String AGENT_HOST = "agent.host";

    /** One change: its position in the feed, what kind and of what. */
    public record Change(long id, String kind, String subject) {
    }

    /** Changes older than this are deleted when a newer one is appended: nobody polls that far behind. */
    private static final long KEEP_MILLIS = 7L * 24 * 3600 * 1000;

    private final Db db;

    StoreChanges(Db db) {
        this.db = db;
    }

    /** Appends a change inside the caller's transaction. */
    static void append(Connection c, String kind, String subject) throws SQLException {
        long now = System.currentTimeMillis();
        Db.update(c, "INSERT INTO store_changes (kind, subject, at) VALUES (?, ?, ?)", kind, subject, now);
        Db.update(c, "DELETE FROM store_changes WHERE at < ?", now - KEEP_MILLIS);
    }

    /** The id of the newest change, 0 when there is none: where a collector that starts now begins reading. */
    public long head() {
        return db.tx("read store changes", c -> Db.queryOne(c, "SELECT COALESCE(MAX(id), 0) FROM store_changes",
                rs -> rs.getLong(1)).orElse(0L));
    }

    /** Changes with an id above {@code afterId}, oldest first, at most {@code limit}. */
    public List<Change> after(long afterId, int limit) {
        return db.tx("read store changes", c -> Db.query(c, "SELECT id, kind, subject FROM store_changes WHERE id > ? "
                + "ORDER BY id LIMIT " + Math.max(1, limit),
                rs -> new Change(rs.getLong("id"), rs.getString("kind"), rs.getString("subject")), afterId));
    }
}
