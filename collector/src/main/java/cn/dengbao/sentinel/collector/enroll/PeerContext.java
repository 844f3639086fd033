package cn.dengbao.sentinel.collector.enroll;

import io.grpc.Context;

/** What the TLS layer proved about the caller, put into the gRPC context by {@link ClientCertInterceptor}. */
public final class PeerContext {
    /** CN of the verified client certificate (the agent id), absent without a client certificate. */
    public static final Context.Key<String> AGENT_ID = Context.key("sentinel-agent-id");
    /** SHA-256 (hex) of the verified client certificate's DER. */
    public static final Context.Key<String> CERT_SHA256 = Context.key("sentinel-cert-sha256");
    /** Remote IP address, for the record only. */
    public static final Context.Key<String> REMOTE_IP = Context.key("sentinel-remote-ip");

    private PeerContext() {
    }
}
