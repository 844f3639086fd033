package cn.dengbao.sentinel.pki;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS channels from the agent to the collector: TLS 1.3/1.2 only. */
public final class TlsChannels {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Collector replies are small (acks, schedules, scan requests). */
    private static final int MAX_INBOUND = 1024 * 1024;

    private TlsChannels() {
    }

    /** Server-authenticated TLS against a pinned CA fingerprint; used once, for enrolment. */
    public static ManagedChannel enrollment(String target, PinnedCaTrustManager trust) throws SSLException {
        SslContext ssl = GrpcSslContexts.forClient().trustManager(trust).protocols(PROTOCOLS).build();
        return NettyChannelBuilder.forTarget(target).sslContext(ssl).maxInboundMessageSize(MAX_INBOUND).build();
    }

    /** Mutual TLS with the enrolled identity, trusting only the collector CA stored at enrolment. */
    public static ManagedChannel mutual(String target, AgentIdentity id) throws SSLException, GeneralSecurityException {
        return mutualBuilder(target, id).build();
    }

    /**
     * Like {@link #mutual} with callbacks run on the transport thread (no gRPC executor pool of its own: fewer idle
     * threads, each with a stack and a malloc arena). Only for observers that never block, such as the daemon's,
     * which hands every message to its own loop thread.
     */
    public static ManagedChannel mutualDirect(String target, AgentIdentity id) throws SSLException, GeneralSecurityException {
        return mutualBuilder(target, id).directExecutor().build();
    }

    private static NettyChannelBuilder mutualBuilder(String target, AgentIdentity id) throws SSLException, GeneralSecurityException {
        SslContext ssl = GrpcSslContexts.forClient()
                .trustManager(caTrust(id.ca()))
                .keyManager(id.key(), id.certificate())
                .protocols(PROTOCOLS)
                .build();
        return NettyChannelBuilder.forTarget(target).sslContext(ssl).maxInboundMessageSize(MAX_INBOUND)
                .keepAliveTime(5, TimeUnit.MINUTES).keepAliveTimeout(20, TimeUnit.SECONDS);
    }

    public static X509TrustManager caTrust(java.security.cert.X509Certificate ca) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
