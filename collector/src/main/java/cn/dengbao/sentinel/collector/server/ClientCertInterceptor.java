package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.enroll.PeerContext;

import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One port serves both services with client auth OPTIONAL at the TLS layer (one firewall rule, one certificate):
 * Enrollment is reachable without a client certificate (the agent has none yet; it proves itself with a token),
 * while every AgentService call is refused here unless the TLS layer verified a client certificate chaining to our
 * CA. A certificate from another CA already fails the handshake; this check is the second line.
 */
public final class ClientCertInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context ctx = Context.current();
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            ctx = ctx.withValue(PeerContext.REMOTE_IP, isa.getAddress().getHostAddress());
        }
        X509Certificate cert = clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (cert != null) {
            try {
                ctx = ctx.withValue(PeerContext.AGENT_ID, AgentIdentity.commonName(cert))
                        .withValue(PeerContext.CERT_SHA256, HexFormat.of().formatHex(Fingerprint.sha256(cert.getEncoded())));
            } catch (Exception e) {
                cert = null;
            }
        }
        if (cert == null && AgentServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            call.close(Status.UNAUTHENTICATED.withDescription("a client certificate issued by this collector is required"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    private static X509Certificate clientCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
