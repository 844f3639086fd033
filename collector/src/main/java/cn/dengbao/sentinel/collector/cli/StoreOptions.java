package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Store selection shared by every collector command that touches the store ({@code @Mixin StoreOptions store;}).
 * Default: the embedded H2 database under {@code --data-dir}. With {@code --db-url} a PostgreSQL (or compatible)
 * server ({@link DatabaseOptions}).
 */
public final class StoreOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./sentinel-data",
            description = "Collector data directory; the embedded database lives here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    @Option(names = "--config", paramLabel = "FILE",
            description = "collector.yaml, for its timeZone (default: /etc/sentinel-collector/collector.yaml if present).")
    Path config;

    /** The data directory (also where other features keep their files: CA, spool, exports). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * How this command shows times: the collector's configured zone, else the system's ({@link Times}). An unknown
     * zone or an unreadable config file is an IllegalArgumentException (exit 2).
     */
    public Times times() {
        try {
            return CollectorConfig.loadOrDefault(config).times();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("无法读取配置文件 (cannot read config): " + e.getMessage(), e);
        }
    }

    /**
     * Opens (and migrates) the selected store. Throws IllegalArgumentException for bad options, which commands
     * report as a usage error (exit 2).
     */
    public Store open() {
        if (!db.given()) {
            if (db.partial()) {
                throw new IllegalArgumentException("--db-user and --db-password-env need --db-url");
            }
            return Store.embedded(dataDir);
        }
        return Store.open(db.url(), db.user(), db.password());
    }

    /** Where the store is, for messages (no credentials). */
    public String describe() {
        if (!db.given()) {
            return dataDir.toAbsolutePath().normalize().toString();
        }
        int q = db.url().indexOf('?');
        return q < 0 ? db.url() : db.url().substring(0, q); // query parameters may carry a password
    }
}
