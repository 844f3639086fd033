package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.vulns.VulnAssessor;

import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.credentials.VaultException;
import cn.dengbao.sentinel.collector.ingest.AgentSessions;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.scanrequest.ScanRequestDispatcher;
import cn.dengbao.sentinel.collector.scanrequest.ScanRequestService;
import cn.dengbao.sentinel.collector.schedule.AgentScanRequester;
import cn.dengbao.sentinel.collector.schedule.ScanSink;
import cn.dengbao.sentinel.collector.schedule.ScheduledScans;
import cn.dengbao.sentinel.collector.schedule.StoringScanSink;
import cn.dengbao.sentinel.collector.signing.AuditSealer;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.FactSection;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running collector: store, CA, TLS server, the poller of the store's scan requests and the scheduler of
 * {@code schedules add} runs (SSH targets of the group scanned and judged here, the group's agents asked for a
 * report through the store); what {@code serve} and {@code demo} run.
 */
public final class CollectorRuntime implements AutoCloseable {
    private final CollectorConfig config;
    private final Store store;
    private final StoreBackend backend;
    private final CertificateAuthority ca;
    private final CollectorServer server;
    private final ScheduledExecutorService poller;
    private volatile ScheduledScans scheduled;

    private CollectorRuntime(CollectorConfig config, Store store, CertificateAuthority ca, Evaluator evaluator) throws IOException {
        this.config = config;
        this.store = store;
        this.backend = new StoreBackend(store);
        this.ca = ca;
        this.server = new CollectorServer(config.host(), config.port(), ca, backend, backend, backend, evaluator,
                config.schedulePolicy(), config.ingestLimits(), Clock.systemUTC());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentinel-scan-requests");
            t.setDaemon(true);
            return t;
        });
    }

    public static CollectorRuntime start(CollectorConfig config, Evaluator evaluator) throws IOException, GeneralSecurityException {
        java.util.function.Function<Store, Evaluator> fixed = store -> evaluator;
        return start(config, fixed);
    }

    /** Starts with an evaluator built on the opened store (host attributes live there). */
    public static CollectorRuntime start(CollectorConfig config, java.util.function.Function<Store, Evaluator> evaluatorFactory)
            throws IOException, GeneralSecurityException {
        config.validate();
        // Keys, tokens' hashes and host facts live here: owner only.
        cn.dengbao.sentinel.pki.SecureFiles.privateDir(config.dataDirPath());
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(config.pkiPaths(), config.serverNamesWithDefaults());
        Store store = openStore(config);
        try {
            CollectorRuntime rt = new CollectorRuntime(config, store, ca, evaluatorFactory.apply(store));
            rt.server.advertiseCollectors(config.collectors);
            rt.server.start();
            ScanRequestDispatcher requests = rt.scanRequestDispatcher();
            rt.poller.scheduleWithFixedDelay(requests::pollQuietly, 0, ScanRequestDispatcher.POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
            rt.poller.scheduleWithFixedDelay(() -> rt.server.sessions().revalidate(rt.backend::isActive),
                    30, 30, TimeUnit.SECONDS);
            rt.poller.scheduleWithFixedDelay(rt::closeRevokedStreams, REVOCATION_POLL.toMillis(),
                    REVOCATION_POLL.toMillis(), TimeUnit.MILLISECONDS);
            // entries appended inside other transactions (ingest, enrolment) reach the anchor file this way
            rt.poller.scheduleWithFixedDelay(rt::anchorAuditQuietly, ANCHOR_EVERY.toSeconds(),
                    ANCHOR_EVERY.toSeconds(), TimeUnit.SECONDS);
            try {
                rt.startScheduler();
            } catch (IOException | RuntimeException e) {
                rt.close();
                throw e;
            }
            return rt;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void startScheduler() throws IOException {
        if (!config.scheduler.enabled) {
            return;
        }
        CredentialVault vault;
        try {
            // SSH targets cannot exist before the key does, so creating it (0600) here loses nothing.
            vault = CredentialVault.openOrCreate(config.vaultKeyPath());
        } catch (VaultException e) {
            throw new IOException(e.getMessage(), e);
        }
        // Facts from SSH are judged by the same built-in rules as agent reports, compiled on the first scan.
        VulnAssessor vulns = new VulnAssessor(store, config.vulnFeedMaxAge(), System::currentTimeMillis);
        ScanSink sink = (host, group, facts) ->
                new StoringScanSink(store, "schedule", Wiring.engine(), vulns).factsArrived(host, group, facts);
        // through the store like the CLI's `scan`: the agents of the group are reached on whichever collector
        // sharing the database holds their streams, not only on this one
        ScanRequestService requests = new ScanRequestService(store, Clock.systemUTC());
        AgentScanRequester agents = group -> requests.requestGroup(group, "schedule");
        scheduled = ScheduledScans.start(store, vault, sink, agents, config.scheduler.concurrency, config.sshOptions(),
                config.schedulerTick(), config.zone());
    }

    /** Delivers the store's scan requests for the agents connected to this collector. */
    private ScanRequestDispatcher scanRequestDispatcher() {
        AgentSessions sessions = server.sessions();
        ScanRequestDispatcher.Agents connected = new ScanRequestDispatcher.Agents() {
            @Override
            public boolean isConnected(String agentId) {
                return sessions.isConnected(agentId);
            }

            @Override
            public boolean send(String agentId, String requestId, List<FactSection> sections) {
                return sessions.requestScan(agentId, requestId, sections);
            }
        };
        return new ScanRequestDispatcher(store.scanRequests(), connected, name(), Clock.systemUTC());
    }

    /** This collector as recorded on the requests it takes: host, port and process. */
    private String name() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "collector@" + host + ":" + server.port() + " pid " + ProcessHandle.current().pid();
    }

    /** The running scheduler, empty when {@code scheduler.enabled} is false. */
    public java.util.Optional<ScheduledScans> scheduledScans() {
        return java.util.Optional.ofNullable(scheduled);
    }

    /**
     * Opens the store with its audit log sealed by this data directory's key and anchor file
     * ({@link AuditSealer}), so every entry any command appends is signed and anchored outside the database.
     */
    public static Store openStore(CollectorConfig config) {
        Store store = config.database.url != null && !config.database.url.isBlank()
                ? Store.open(config.database.url, config.database.user, config.database.password)
                : StoreBackend.openEmbeddedShared(config.dataDirPath());
        // without its data directory a command has no key: its entries stay unsigned, which verify reports
        if (java.nio.file.Files.isDirectory(config.dataDirPath())) {
            try {
                store.audit().seal(AuditSealer.forDataDir(config.dataDirPath()));
            } catch (IOException | RuntimeException e) {
                store.close();
                throw new cn.dengbao.sentinel.collector.store.StoreException(
                        "cannot seal the audit log with the collector key: " + e.getMessage(), e);
            }
        }
        return store;
    }

    /**
     * How often a running collector looks for agents revoked by {@code agents revoke} (another process, perhaps
     * another collector) to close their open streams: one indexed query, whatever the number of streams.
     */
    public static final java.time.Duration REVOCATION_POLL = java.time.Duration.ofMillis(500);
    /** Revocations are looked back this far, so a clock step between collectors does not hide one. */
    private static final java.time.Duration REVOCATION_LOOKBACK = java.time.Duration.ofMinutes(2);

    private void closeRevokedStreams() {
        try {
            java.util.Set<String> revoked = store.agents()
                    .revokedSince(java.time.Instant.now().minus(REVOCATION_LOOKBACK));
            for (String id : revoked) {
                if (server.sessions().isConnected(id)) {
                    server.sessions().disconnect(id, "agent revoked");
                }
            }
        } catch (RuntimeException e) {
            // store briefly unavailable: the next poll (or the 30 s revalidation) closes the stream
        }
    }

    /** How often the audit chain head is appended to the anchor file outside the database. */
    public static final java.time.Duration ANCHOR_EVERY = java.time.Duration.ofSeconds(10);

    private void anchorAuditQuietly() {
        try {
            store.audit().anchorHead();
        } catch (RuntimeException e) {
            // store briefly unavailable: the next tick anchors the head then
        }
    }

    public int port() {
        return server.port();
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Store store() {
        return store;
    }

    public StoreBackend backend() {
        return backend;
    }

    public CollectorServer server() {
        return server;
    }

    public CollectorConfig config() {
        return config;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        ScheduledScans s = scheduled;
        if (s != null) {
            s.close(); // before the store: running scans finish or are cut off while they can still record
        }
        poller.shutdownNow();
        server.close();
        store.close();
    }
}
