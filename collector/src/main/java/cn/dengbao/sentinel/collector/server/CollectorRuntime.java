package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.store.Store;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A running collector: store, CA, TLS server and the scan-request poller; what {@code serve} and {@code demo} run. */
public final class CollectorRuntime implements AutoCloseable {
    private final CollectorConfig config;
    private final Store store;
    private final StoreBackend backend;
    private final CertificateAuthority ca;
    private final CollectorServer server;
    private final ScheduledExecutorService poller;

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
        cn.dengbao.sentinel.agent.enroll.SecureFiles.privateDir(config.dataDirPath());
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(config.pkiPaths(), config.serverNamesWithDefaults());
        Store store = openStore(config);
        try {
            CollectorRuntime rt = new CollectorRuntime(config, store, ca, evaluatorFactory.apply(store));
            rt.server.start();
            rt.poller.scheduleWithFixedDelay(() -> ScanRequests.dispatch(config.dataDirPath(), rt.server.sessions()),
                    1, 1, TimeUnit.SECONDS);
            rt.poller.scheduleWithFixedDelay(() -> rt.server.sessions().revalidate(rt.backend::isActive),
                    30, 30, TimeUnit.SECONDS);
            return rt;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public static Store openStore(CollectorConfig config) {
        if (config.database.url != null && !config.database.url.isBlank()) {
            return Store.open(config.database.url, config.database.user, config.database.password);
        }
        return StoreBackend.openEmbeddedShared(config.dataDirPath());
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
        poller.shutdownNow();
        server.close();
        store.close();
    }
}
