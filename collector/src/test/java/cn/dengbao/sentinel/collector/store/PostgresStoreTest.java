package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract on a real PostgreSQL (see .ci/pg-setup.sh). Each test gets its own schema, dropped after,
 * so tests do not see each other's rows.
 */
@EnabledIfEnvironmentVariable(named = "SENTINEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresStoreTest extends StoreContractTest {
    private String schema;

    @Override
    protected Store openFresh() throws Exception {
        schema = TestPostgres.createSchema();
        return reopen();
    }

    @Override
    protected Store reopen() {
        return Store.open(TestPostgres.url(schema), TestPostgres.USER, TestPostgres.PASSWORD);
    }

    @Override
    protected Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(TestPostgres.url(schema), TestPostgres.USER, TestPostgres.PASSWORD);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (store != null) {
            store.close();
            store = null;
        }
        TestPostgres.dropSchema(schema);
    }
}
