package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL of the tests (SENTINEL_TEST_PG_URL / _USER / _PASSWORD, see .ci/pg-setup.sh), one fresh schema a
 * test so tests do not see each other's rows. Tests skip themselves when it is not set.
 */
public final class TestPostgres {
    public static final String URL = System.getenv("SENTINEL_TEST_PG_URL");
    public static final String USER = System.getenv("SENTINEL_TEST_PG_USER");
    public static final String PASSWORD = System.getenv("SENTINEL_TEST_PG_PASSWORD");

    private TestPostgres() {
    }

    public static boolean available() {
        return URL != null && URL.startsWith("jdbc:postgresql:");
    }

    /** Creates an empty schema and returns its name. */
    public static String createSchema() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /** The JDBC URL whose connections use {@code schema}. */
    public static String url(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
