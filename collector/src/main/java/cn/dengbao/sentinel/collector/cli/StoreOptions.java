package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.server.CollectorRuntime;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the collector's data and store are, the same way for every command ({@code @Mixin StoreOptions store;}):
 * <ul>
 *   <li>data directory: {@code --data-dir}, else {@code dataDir} of the {@code --config} file, else of
 *       {@value #DEFAULT_CONFIG} when it exists, else {@code ./sentinel-data};</li>
 *   <li>database: {@code --db-url} ({@link DatabaseOptions}), else {@code database} of the config file, else the
 *       embedded H2 file in the data directory.</li>
 * </ul>
 * Only {@code serve} creates a store; every other command {@linkplain #open() opens an existing one} and calls a
 * mistyped directory or URL an error instead of starting an empty store there.
 */
public final class StoreOptions {
    static final String DEFAULT_CONFIG = "/etc/sentinel-collector/collector.yaml";
    static final String DEFAULT_DATA_DIR = "sentinel-data";

    @Option(names = "--config", paramLabel = "FILE",
            description = "collector.yaml: data directory and database (default: " + DEFAULT_CONFIG + " if present).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Collector data directory; the embedded database lives here (default: dataDir of the "
                    + "config file, else ./" + DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    private CollectorConfig loaded;

    /** The collector configuration with these options applied; bad files or values are IllegalArgumentException. */
    public CollectorConfig config() {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    private CollectorConfig load() {
        if (db.partial()) {
            throw new IllegalArgumentException("--db-user 和 --db-password-env 需要与 --db-url 一起使用 "
                    + "(--db-user and --db-password-env need --db-url)");
        }
        Path file = configFile != null ? configFile
                : Files.isRegularFile(Path.of(DEFAULT_CONFIG)) ? Path.of(DEFAULT_CONFIG) : null;
        CollectorConfig c;
        if (file == null) {
            c = new CollectorConfig();
            c.dataDir = DEFAULT_DATA_DIR;
        } else {
            try {
                c = CollectorConfig.load(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("配置文件不存在 (config file not found): " + file);
            } catch (IOException | IllegalArgumentException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new IllegalArgumentException("配置文件有误 (invalid config file) " + file + ": "
                        + (why == null ? e.getClass().getSimpleName() : why.lines().findFirst().orElse("")));
            }
        }
        if (dataDir != null) {
            c.dataDir = dataDir.toString();
        }
        if (db.given()) {
            c.database.url = db.url();
            c.database.user = db.user();
            c.database.password = db.password();
        }
        c.validate();
        return c;
    }

    /** The data directory (also where other features keep their files: CA, credentials key, export keys). */
    public Path dataDir() {
        return config().dataDirPath();
    }

    /**
     * How this command shows times: the configured {@code timeZone}, else the system's ({@link Times}). An
     * unknown zone or an unreadable config file is an IllegalArgumentException (exit 2).
     */
    public Times times() {
        return config().times();
    }

    /**
     * Opens the existing store; a data directory without the embedded database file, or a database without the
     * collector's tables, is an IllegalArgumentException (exit 2) that says where it looked.
     */
    public Store open() {
        CollectorConfig c = config();
        if (c.database.url == null || c.database.url.isBlank()) {
            Path file = Store.embeddedFile(c.dataDirPath());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("数据目录 " + c.dataDirPath().toAbsolutePath().normalize()
                        + " 中没有采集端数据库 (no collector store there: " + file.getFileName() + " not found)。"
                        + "请检查 --data-dir / --config，或先运行 serve 创建 (run serve once to create it)");
            }
        } else if (!Store.holdsStore(c.database.url, c.database.user, c.database.password)) {
            throw new IllegalArgumentException("数据库 " + describe() + " 中没有采集端的表 (no collector store in that "
                    + "database: table schema_version not found)。请检查 --db-url，或先用它运行 serve 创建 "
                    + "(run serve once with it to create the store)");
        }
        return CollectorRuntime.openStore(c);
    }

    /** Where the store is, for messages (no credentials). */
    public String describe() {
        CollectorConfig c = config();
        if (c.database.url == null || c.database.url.isBlank()) {
            return c.dataDirPath().toAbsolutePath().normalize().toString();
        }
        int q = c.database.url.indexOf('?');
        return q < 0 ? c.database.url : c.database.url.substring(0, q); // query parameters may carry a password
    }
}
