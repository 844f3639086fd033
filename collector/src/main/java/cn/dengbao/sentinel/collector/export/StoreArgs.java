package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.store.Store;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where the collector keeps its data: the embedded H2 store and the signing key under {@code --data-dir}, or a
 * PostgreSQL store by {@code --db-url} (password from SENTINEL_DB_PASSWORD, never on the command line).
 */
public final class StoreArgs {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SENTINEL_DATA_DIR:-./sentinel-data}",
            description = "Collector data directory (embedded store, keys/). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL instead of the embedded store")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:SENTINEL_DB_USER:-sentinel}")
    String dbUser;

    @Option(names = "--collector-id", paramLabel = "ID", defaultValue = "${env:SENTINEL_COLLECTOR_ID}",
            description = "Collector id written into signed manifests (default: this machine's host name)")
    String collectorId;

    public Path dataDir() {
        return dataDir;
    }

    public Store open() {
        if (dbUrl != null) {
            String pw = System.getenv("SENTINEL_DB_PASSWORD");
            return Store.open(dbUrl, dbUser, pw == null ? "" : pw);
        }
        return Store.embedded(dataDir);
    }

    public String collectorId() {
        if (collectorId != null && !collectorId.isBlank()) {
            return collectorId;
        }
        try {
            return "collector@" + InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "collector";
        }
    }
}
