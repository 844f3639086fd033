package cn.dengbao.sentinel.collector.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the versioned SQL files listed in {@code db/migration/index.txt}, in order, each in its own
 * transaction, recording them in {@code schema_version}. On PostgreSQL an advisory lock serialises collectors
 * that start at the same time; the embedded H2 file is single-process (file lock), so a JVM-wide lock suffices.
 */
final class Migrations {
    static final String INDEX = "db/migration/index.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    /** Arbitrary constant key for pg_advisory_lock: "DBSN" in ASCII. */
    private static final long PG_LOCK_KEY = 0x4442534EL;
    private static final Object JVM_LOCK = new Object();

    record Migration(int version, String name, String resource) {}

    private Migrations() {}

    /** Returns the versions applied by this call (empty when the schema was already current). */
    static List<Integer> migrate(Connection c, Dialect dialect) throws SQLException {
        synchronized (JVM_LOCK) {
            boolean pg = dialect == Dialect.POSTGRESQL;
            c.setAutoCommit(true);
            if (pg) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
                }
            }
            try {
                return migrateLocked(c, dialect);
            } finally {
                if (pg) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
                    }
                }
            }
        }
    }

    private static List<Integer> migrateLocked(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        Set<Integer> done = new HashSet<>(Db.query(c, "SELECT version FROM schema_version", rs -> rs.getInt(1)));
        List<Integer> applied = new ArrayList<>();
        for (Migration m : list()) {
            if (done.contains(m.version())) {
                continue;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String stmt : statements(dialect.expand(read(m.resource())))) {
                    s.execute(stmt);
                }
                Db.update(c, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        m.version(), m.name(), System.currentTimeMillis());
                c.commit();
                applied.add(m.version());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw new SQLException("migration V" + m.version() + " (" + m.name() + ") failed: "
                        + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
        return applied;
    }

    static List<Migration> list() {
        List<Migration> out = new ArrayList<>();
        int last = 0;
        for (String line : read(INDEX).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(l);
            if (!m.matches()) {
                throw new StoreException("bad migration name in index: " + l);
            }
            int v = Integer.parseInt(m.group(1));
            if (v <= last) {
                throw new StoreException("migrations out of order in index at " + l);
            }
            last = v;
            out.add(new Migration(v, m.group(2), "db/migration/" + l));
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + resource, e);
        }
    }

    /** Splits a script on ';' at the end of a line; strips '--' comment lines. Migrations keep to that form. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            if (t.endsWith(";")) {
                cur.append(t, 0, t.length() - 1);
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }
}
