package cn.dengbao.sentinel.collector.store;

import java.util.Locale;

/** The few places where H2 and PostgreSQL need different SQL. Everything else is shared. */
public enum Dialect {
    H2("BINARY LARGE OBJECT"),
    POSTGRESQL("BYTEA");

    private final String bytesType;

    Dialect(String bytesType) {
        this.bytesType = bytesType;
    }

    public static Dialect fromUrl(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported JDBC URL scheme (expected jdbc:h2: or jdbc:postgresql:)");
    }

    /** Replaces the migration placeholders ({@code ${bytes}}) with this dialect's types. */
    String expand(String sql) {
        return sql.replace("${bytes}", bytesType);
    }

    /** SQLState 23505 is unique violation on both. */
    static boolean isUniqueViolation(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
