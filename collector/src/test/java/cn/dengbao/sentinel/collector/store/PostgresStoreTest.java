package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract on a real PostgreSQL (see .ci/pg-setup.sh). Each test gets its own schema, dropped after,
 * so tests do not see each other's rows.
 */
@EnabledIfEnvironmentVariable(named = "SENTINEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresStoreTest extends StoreContractTest {
    private static final String URL = System.getenv("SENTINEL_TEST_PG_URL");
    private static final String USER = System.getenv("SENTINEL_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("SENTINEL_TEST_PG_PASSWORD");

    private String schema;

    @Override
    protected Store openFresh() throws Exception {
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return reopen();
    }

    @Override
    protected Store reopen() {
        return Store.open(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, PASSWORD);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (store != null) {
            store.close();
            store = null;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
