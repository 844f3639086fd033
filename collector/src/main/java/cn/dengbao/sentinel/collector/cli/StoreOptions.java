package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Store selection shared by every collector command that touches the store ({@code @Mixin StoreOptions store;}).
 * Default: the embedded H2 database under {@code --data-dir}. With {@code --db-url} a PostgreSQL (or compatible)
 * server; its password is read from the environment variable named by {@code --db-password-env}, never from the
 * command line (which other local users can see in the process list).
 */
public final class StoreOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./sentinel-data",
            description = "Collector data directory; the embedded database lives here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/sentinel.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (with --db-url).")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the database password (with --db-url).")
    String dbPasswordEnv;

    /** The data directory (also where other features keep their files: CA, spool, exports). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Opens (and migrates) the selected store. Throws IllegalArgumentException for bad options, which commands
     * report as a usage error (exit 2).
     */
    public Store open() {
        if (dbUrl == null || dbUrl.isBlank()) {
            if (dbUser != null || dbPasswordEnv != null) {
                throw new IllegalArgumentException("--db-user and --db-password-env need --db-url");
            }
            return Store.embedded(dataDir);
        }
        String password = null;
        if (dbPasswordEnv != null) {
            password = System.getenv(dbPasswordEnv);
            if (password == null) {
                throw new IllegalArgumentException("environment variable " + dbPasswordEnv + " is not set");
            }
        }
        return Store.open(dbUrl, dbUser, password);
    }

    /** Where the store is, for messages (no credentials). */
    public String describe() {
        if (dbUrl == null || dbUrl.isBlank()) {
            return dataDir.toAbsolutePath().normalize().toString();
        }
        int q = dbUrl.indexOf('?');
        return q < 0 ? dbUrl : dbUrl.substring(0, q); // query parameters may carry a password
    }
}
