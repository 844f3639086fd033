package cn.dengbao.sentinel.collector.store;

import java.io.IOException;
import cn.dengbao.sentinel.pki.SecureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The collector's store: plain JDBC over H2 (embedded, the default) or PostgreSQL. Opening runs the migrations.
 * Thread-safe; one instance per process, closed on shutdown.
 */
public final class Store implements AutoCloseable {
    private static final int DEFAULT_POOL_SIZE = 8;

    private final ConnectionPool pool;
    private final Db db;
    private final List<Integer> appliedMigrations;
    private final HostRepository hosts;
    private final AgentRepository agents;
    private final TokenRepository tokens;
    private final ReportRepository reports;
    private final ScanRepository scans;
    private final FindingsRepository findings;
    private final TargetRepository targets;
    private final ScheduleRepository schedules;
    private final ScanRunRepository scanRuns;
    private final ScanRequestRepository scanRequests;
    private final VulnFeedRepository vulnFeeds;
    private final AuditLog audit;
    private final StoreChanges changes;

    private Store(String url, String user, String password, int poolSize) {
        Dialect dialect = Dialect.fromUrl(url);
        this.pool = new ConnectionPool(url, user, password, poolSize);
        this.db = new Db(pool, dialect);
        try {
            Connection c = pool.borrow();
            boolean healthy = true;
            try {
                appliedMigrations = Migrations.migrate(c, dialect);
            } catch (SQLException e) {
                healthy = false;
                throw e;
            } finally {
                pool.release(c, healthy);
            }
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open store: " + e.getMessage(), e);
        }
        this.audit = new AuditLog(db);
        this.hosts = new HostRepository(db);
        this.agents = new AgentRepository(db);
        this.tokens = new TokenRepository(db);
        this.reports = new ReportRepository(db);
        this.findings = new FindingsRepository(db, audit);
        this.scans = new ScanRepository(db);
        this.targets = new TargetRepository(db);
        this.schedules = new ScheduleRepository(db);
        this.scanRuns = new ScanRunRepository(db);
        this.scanRequests = new ScanRequestRepository(db);
        this.vulnFeeds = new VulnFeedRepository(db, audit);
        this.changes = new StoreChanges(db);
    }

    /** Opens a store by JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql://...}) and migrates it. */
    public static Store open(String jdbcUrl, String user, String password) {
        return new Store(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    public static Store open(String jdbcUrl, String user, String password, int poolSize) {
        return new Store(jdbcUrl, user, password, Math.max(1, poolSize));
    }

    /** The embedded default: an H2 file database {@code <dataDir>/sentinel.mv.db}. */
    public static Store embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        // the database holds facts, findings and sealed credentials: owner-only like every other file in the data
        // dir. Created empty with 0600 before H2 opens it (H2 takes an empty file as a new store), so there is no
        // moment when it is readable by others; files of older versions (0644) are restricted on open.
        Path file = embeddedFile(dataDir);
        try {
            if (Files.notExists(file)) {
                Files.createFile(file);
            }
            SecureFiles.restrictFile(file);
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + " with mode 0600: " + e.getMessage(), e);
        }
        // AUTO_SERVER lets operator commands use the database while serve runs; its port is bound to loopback only
        System.setProperty("h2.bindAddress", "127.0.0.1");
        Store store;
        try {
            store = open(embeddedUrl(dataDir), "sa", "");
        } catch (RuntimeException e) {
            try {
                if (Files.size(file) == 0) {
                    Files.delete(file);   // an empty file is not a store: do not leave one that looks like it
                }
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw e;
        }
        try (java.nio.file.DirectoryStream<Path> side = Files.newDirectoryStream(file.getParent(), "sentinel.*.db")) {
            for (Path p : side) {
                SecureFiles.restrictFile(p);   // the lock file (AUTO_SERVER's address) and a trace file if any
            }
        } catch (IOException e) {
            store.close();
            throw new StoreException("cannot restrict the database files in " + dataDir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The JDBC URL of the embedded database under a data directory. */
    public static String embeddedUrl(Path dataDir) {
        // PostgreSQL mode + lower-case identifiers make the shared SQL behave the same on both databases; the
        // longer lock timeout lets bursts of scans of one host queue on its row lock instead of failing.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sentinel")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000"
                // WRITE_DELAY=0: H2 otherwise persists commits up to a second later, and a collector killed in that
                // second would lose reports it had already acked (found by CollectorCrashTest)
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE"
                // recording a scan cycles through ~10 statements; H2's default per-session cache of 8 parsed
                // statements would evict each one just before it is needed again (measured by bench-ingest)
                + ";QUERY_CACHE_SIZE=64";
    }

    /** The file of the embedded database: a data directory holds a store when this file exists. */
    public static Path embeddedFile(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("sentinel.mv.db");
    }

    /**
     * Whether the database at {@code jdbcUrl} already holds a collector store: its migrations table exists.
     * Creates nothing (an H2 URL is opened with IFEXISTS, so a mistyped file name does not become a database);
     * a database that cannot be reached is a StoreException.
     */
    public static boolean holdsStore(String jdbcUrl, String user, String password) {
        String url = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=")
                ? jdbcUrl + ";IFEXISTS=TRUE" : jdbcUrl;
        java.util.Properties props = new java.util.Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c;
        try {
            c = java.sql.DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            if (url != jdbcUrl && e.getErrorCode() == 90146) { // H2: DATABASE_NOT_FOUND_WITH_IF_EXISTS_1
                return false;
            }
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
        try (c; java.sql.Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM schema_version").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public HostRepository hosts() {
        return hosts;
    }

    public AgentRepository agents() {
        return agents;
    }

    public TokenRepository tokens() {
        return tokens;
    }

    public ReportRepository reports() {
        return reports;
    }

    public ScanRepository scans() {
        return scans;
    }

    public FindingsRepository findings() {
        return findings;
    }

    public TargetRepository targets() {
        return targets;
    }

    public ScheduleRepository schedules() {
        return schedules;
    }

    public ScanRunRepository scanRuns() {
        return scanRuns;
    }

    /** Scan requests from the CLI and the scheduler to the collector that holds the agent's stream. */
    public ScanRequestRepository scanRequests() {
        return scanRequests;
    }

    public VulnFeedRepository vulnFeeds() {
        return vulnFeeds;
    }

    /** Operator changes running collectors cache (attributes, merges), for them to drop stale entries. */
    public StoreChanges changes() {
        return changes;
    }

    public AuditLog audit() {
        return audit;
    }

    /** For code that needs SQL the repositories do not offer yet (exports, tests): one transaction. */
    public Db db() {
        return db;
    }

    public Dialect dialect() {
        return db.dialect();
    }

    /** Migration versions applied when this instance opened the store (empty if it was current). */
    public List<Integer> appliedMigrations() {
        return appliedMigrations;
    }

    @Override
    public void close() {
        pool.close();
    }
}
