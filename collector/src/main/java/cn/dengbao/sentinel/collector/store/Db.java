package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Connection handling shared by the repositories: every operation is one transaction on a pooled connection. */
public final class Db {

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final ConnectionPool pool;
    private final Dialect dialect;

    Db(ConnectionPool pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one transaction; commits on return, rolls back on any exception. */
    public <T> T tx(String what, Work<T> work) {
        Connection c;
        try {
            c = pool.borrow();
        } catch (SQLException e) {
            throw new StoreException(what + ": no database connection (" + e.getMessage() + ")", e);
        }
        boolean healthy = true;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            healthy = rollback(c);
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            healthy = rollback(c);
            throw e;
        } finally {
            pool.release(c, healthy);
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException ignored) {
            return false;
        }
    }

    // ------------------------------------------------------------------ small JDBC helpers

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, params);
        return ps;
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int idx = i + 1;
            if (p == null) {
                ps.setNull(idx, Types.NULL);
            } else if (p instanceof String s) {
                // PostgreSQL text cannot hold NUL; a NUL from a host's file must not make the whole report fail.
                ps.setString(idx, s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD'));
            } else if (p instanceof Long l) {
                ps.setLong(idx, l);
            } else if (p instanceof Integer n) {
                ps.setInt(idx, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(idx, b);
            } else if (p instanceof byte[] bytes) {
                ps.setBytes(idx, bytes);
            } else if (p instanceof java.time.Instant t) {
                ps.setLong(idx, t.toEpochMilli());
            } else if (p instanceof java.sql.Array a) {
                ps.setArray(idx, a);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + p.getClass().getSimpleName());
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    /** A nullable BIGINT epoch-millis column as an Instant. */
    static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : java.time.Instant.ofEpochMilli(v);
    }

    static Long millis(java.time.Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
