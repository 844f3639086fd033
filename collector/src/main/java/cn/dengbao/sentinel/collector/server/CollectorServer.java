package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.enroll.AgentRegistry;
import cn.dengbao.sentinel.collector.enroll.EnrollmentService;
import cn.dengbao.sentinel.collector.enroll.TokenStore;
import cn.dengbao.sentinel.collector.ingest.AgentSessions;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.ingest.IngestLimits;
import cn.dengbao.sentinel.collector.ingest.IngestService;
import cn.dengbao.sentinel.collector.ingest.ReportSink;
import cn.dengbao.sentinel.collector.ingest.SchedulePolicy;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's gRPC endpoint: one TLS port (TLS 1.3/1.2 only) serving Enrollment (no client certificate
 * needed) and AgentService (client certificate from our CA required, see {@link ClientCertInterceptor}).
 */
public final class CollectorServer implements AutoCloseable {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Server server;
    private final IngestService ingest;
    private final AgentSessions sessions;
    private final ExecutorService ingestPool;
    private final ExecutorService callbackPool;
    private final CertificateAuthority ca;
    private final EnrollmentService enrollment;

    public CollectorServer(String host, int port, CertificateAuthority ca, TokenStore tokens, AgentRegistry agents,
                           ReportSink sink, Evaluator evaluator, SchedulePolicy schedules, IngestLimits limits,
                           Clock clock) throws IOException {
        this.ca = ca;
        this.sessions = new AgentSessions();
        this.ingestPool = new ThreadPoolExecutor(limits.ingestThreads(), limits.ingestThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.ingestQueue()), named("sentinel-ingest"), new ThreadPoolExecutor.AbortPolicy());
        // gRPC callbacks only validate and hand off; blocking store work runs on ingestPool.
        this.callbackPool = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                named("sentinel-grpc"));
        this.ingest = new IngestService(agents, sink, evaluator, schedules, sessions, limits, ingestPool, clock);
        SslContext ssl;
        try {
            ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(ca.serverKey(), ca.serverCertificate(), ca.caCertificate()))
                    .trustManager(ca.caCertificate())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        ClientCertInterceptor interceptor = new ClientCertInterceptor();
        this.enrollment = new EnrollmentService(ca, tokens, agents, clock);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .sslContext(ssl)
                .executor(callbackPool)
                .maxInboundMessageSize(limits.transportMessageBytes())
                .maxInboundMetadataSize(16 * 1024)
                .maxConcurrentCallsPerConnection(4)
                .permitKeepAliveTime(60, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .handshakeTimeout(15, TimeUnit.SECONDS)
                .addService(ServerInterceptors.intercept(enrollment, interceptor))
                .addService(ServerInterceptors.intercept(ingest, interceptor))
                .build();
    }

    public CollectorServer start() throws IOException {
        server.start();
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** Tells enrolling agents every collector sharing the database, as they reach them (collector.yaml). */
    public void advertiseCollectors(java.util.List<String> addresses) {
        enrollment.advertise(addresses);
    }

    public AgentSessions sessions() {
        return sessions;
    }

    public IngestService ingest() {
        return ingest;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        ingestPool.shutdown();
        try {
            ingestPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ingest.flush();
        callbackPool.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
