package cn.dengbao.sentinel.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.signing.AuditSealer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 4: someone who can write the database but not the collector's data directory rewrites the audit
 * log with plain SQL. Truncation (newest entries deleted, head rolled back) and rewrite (an entry edited, the rest
 * re-hashed, head moved) both pass the hash chain alone; with the SM2 signatures and the anchor file outside the
 * database, {@code verify} reports each. On the embedded H2 and, when SENTINEL_TEST_PG_URL is set, PostgreSQL.
 */
class AuditAnchorTest {
    @TempDir
    Path tmp;

    /** A store, a JDBC connection to its database as the attacker has it, and its data directory. */
    interface Attack {
        void run(Store sealed, Connection sql, Path dataDir) throws Exception;
    }

    private void onEveryDatabase(Attack attack) throws Exception {
        Path h2 = tmp.resolve("h2");
        try (Store s = Store.embedded(h2);
             Connection c = java.sql.DriverManager.getConnection(Store.embeddedUrl(h2), "sa", "")) {
            s.audit().seal(AuditSealer.forDataDir(h2));
            attack.run(s, c, h2);
        }
        if (TestPostgres.available()) {
            String schema = TestPostgres.createSchema();
            Path pg = Files.createDirectories(tmp.resolve("pg"));
            try (Store s = Store.open(TestPostgres.url(schema), TestPostgres.USER, TestPostgres.PASSWORD);
                 Connection c = java.sql.DriverManager.getConnection(TestPostgres.url(schema), TestPostgres.USER,
                         TestPostgres.PASSWORD)) {
                s.audit().seal(AuditSealer.forDataDir(pg));
                attack.run(s, c, pg);
            } finally {
                TestPostgres.dropSchema(schema);
            }
        }
    }

    private static void appendFive(Store s) {
        for (int i = 1; i <= 5; i++) {
            s.audit().append("cli", "finding.decide", Map.of("rule", "r" + i, "reason", "风险已接受 " + i));
        }
    }

    /** The same store without its seal: what verify said before the anchor (the hash chain only). */
    private static AuditVerification chainOnly(Store s) {
        return new AuditLog(s.db()).verify();
    }

    @Test
    void truncationIsReported() throws Exception {
        onEveryDatabase((s, sql, dir) -> {
            appendFive(s);
            assertTrue(s.audit().verify().ok());
            assertTrue(s.audit().verify().anchored());
            // the attack: delete entries 4 and 5, roll the head back to entry 3
            String hash3 = one(sql, "SELECT hash FROM audit_log WHERE seq = 3");
            exec(sql, "DELETE FROM audit_log WHERE seq > 3");
            exec(sql, "UPDATE audit_head SET seq = 3, hash = '" + hash3 + "' WHERE id = 1");

            assertTrue(chainOnly(s).ok(), "the hash chain alone cannot see it");
            AuditVerification v = s.audit().verify();
            assertFalse(v.ok());
            assertEquals(4L, v.firstBadSeq());
            assertTrue(v.problem().startsWith("截断 (truncated)"), v.problem());
            assertTrue(v.problem().contains("第 5 条"), v.problem());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(AuditSealer.ANCHOR_FILE))));
        });
    }

    @Test
    void rewriteWithTheRestReHashedIsReported() throws Exception {
        onEveryDatabase((s, sql, dir) -> {
            appendFive(s);
            // the attack: edit entry 2, recompute every hash after it, move the head; signatures cannot be redone
            reHashFrom(sql, 2, "{\"reason\":\"从未接受\",\"rule\":\"r2\"}");
            assertTrue(chainOnly(s).ok(), "the hash chain alone cannot see it");
            AuditVerification v = s.audit().verify();
            assertFalse(v.ok());
            assertEquals(2L, v.firstBadSeq());
            assertTrue(v.problem().startsWith("改写 (rewritten)"), v.problem());

            // dropping the signatures of the rewritten entries does not help either
            exec(sql, "UPDATE audit_log SET sig = NULL, key_id = NULL WHERE seq >= 2");
            AuditVerification unsigned = s.audit().verify();
            assertFalse(unsigned.ok());
            assertEquals(2L, unsigned.firstBadSeq());
            assertTrue(unsigned.problem().contains("缺少签名") || unsigned.problem().contains("锚点"),
                    unsigned.problem());
        });
    }

    @Test
    void entriesWrittenInsideOtherTransactionsAreAnchoredByThePeriodicHead() throws Exception {
        onEveryDatabase((s, sql, dir) -> {
            s.db().tx("ingest", c -> s.audit().append(c, "enrolment", "agent.enroll", Map.of("agent", "a"),
                    java.time.Instant.now()));
            s.audit().anchorHead();
            String hash1 = one(sql, "SELECT hash FROM audit_log WHERE seq = 1");
            assertTrue(Files.readString(dir.resolve(AuditSealer.ANCHOR_FILE)).contains("head 1 " + hash1));
            exec(sql, "DELETE FROM audit_log");
            exec(sql, "UPDATE audit_head SET seq = 0, hash = '" + AuditLog.GENESIS + "' WHERE id = 1");
            assertTrue(chainOnly(s).ok());
            assertTrue(s.audit().verify().problem().startsWith("截断 (truncated)"));
        });
    }

    @Test
    void historyBeforeTheSealIsAnchoredAsItStands() throws Exception {
        Path dir = tmp.resolve("old");
        try (Store s = Store.embedded(dir)) {
            s.audit().append("cli", "token.create", Map.of("group", "web"));   // written before any key existed
            s.audit().seal(AuditSealer.forDataDir(dir));
            s.audit().append("cli", "token.create", Map.of("group", "db"));
            AuditVerification v = s.audit().verify();
            assertTrue(v.ok(), v.problem());
            assertTrue(v.anchored());
            assertTrue(Files.readString(dir.resolve(AuditSealer.ANCHOR_FILE)).startsWith("signed-from 2\nhead 1 "));
        }
    }

    /** What an attacker with SQL access does: new details for {@code from}, every later hash recomputed. */
    private static void reHashFrom(Connection sql, long from, String details) throws SQLException {
        String prev = from == 1 ? AuditLog.GENESIS : one(sql, "SELECT hash FROM audit_log WHERE seq = " + (from - 1));
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT seq, at, actor, action, details_json FROM audit_log "
                + "WHERE seq >= ? ORDER BY seq")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getLong(1) == from ? details : rs.getString(5)});
                }
            }
        }
        for (Object[] r : rows) {
            String h = AuditLog.hash(prev, (Long) r[0], (Long) r[1], (String) r[2], (String) r[3], (String) r[4]);
            try (PreparedStatement ps = sql.prepareStatement("UPDATE audit_log SET details_json = ?, prev_hash = ?, "
                    + "hash = ? WHERE seq = ?")) {
                ps.setString(1, (String) r[4]);
                ps.setString(2, prev);
                ps.setString(3, h);
                ps.setLong(4, (Long) r[0]);
                ps.executeUpdate();
            }
            prev = h;
        }
        exec(sql, "UPDATE audit_head SET hash = '" + prev + "' WHERE id = 1");
    }

    private static String one(Connection c, String query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void exec(Connection c, String update) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.executeUpdate();
        }
    }
}
