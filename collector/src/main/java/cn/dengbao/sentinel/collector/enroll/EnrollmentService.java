package cn.dengbao.sentinel.collector.enroll;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.MachineIds;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.proto.EnrollRequest;
import cn.dengbao.sentinel.proto.EnrollResponse;
import cn.dengbao.sentinel.proto.EnrollmentGrpc;
import cn.dengbao.sentinel.proto.MachineIdentity;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Enrolment: token + CSR in, client certificate out. The CSR is checked before the token is consumed, so a
 * broken agent does not burn a single-use token. Errors name the reason, never the token.
 */
public final class EnrollmentService extends EnrollmentGrpc.EnrollmentImplBase {
    private static final System.Logger LOG = System.getLogger(EnrollmentService.class.getName());
    private static final int MAX_CSR = 16 * 1024;
    private static final int MAX_IDS = 16;

    private final CertificateAuthority ca;
    private final TokenStore tokens;
    private final AgentRegistry agents;
    private final Clock clock;
    /** Told to agents at enrolment: every collector sharing the database, as agents reach them. */
    private volatile java.util.List<String> collectors = java.util.List.of();

    /** The collector addresses enrolling agents are given (collector.yaml {@code collectors}); empty: none. */
    public void advertise(java.util.List<String> addresses) {
        this.collectors = java.util.List.copyOf(addresses);
    }

    public EnrollmentService(CertificateAuthority ca, TokenStore tokens, AgentRegistry agents, Clock clock) {
        this.ca = ca;
        this.tokens = tokens;
        this.agents = agents;
        this.clock = clock;
    }

    /** What the agent says identifies its machine: untrusted text, cleaned and bounded like every agent field. */
    static MachineIds machine(MachineIdentity m) {
        return new MachineIds(PlainText.clean(m.getMachineId(), 64), PlainText.clean(m.getProductUuid(), 64),
                bounded(m.getSshHostKeySha256List()), bounded(m.getMacList()));
    }

    private static List<String> bounded(List<String> values) {
        return values.stream().limit(MAX_IDS).map(v -> PlainText.clean(v, 128)).filter(v -> !v.isEmpty())
                .sorted().distinct().toList();
    }

    @Override
    public void enroll(EnrollRequest req, StreamObserver<EnrollResponse> out) {
        String token = req.getToken();
        if (token.isBlank() || token.length() > 256) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("missing or malformed enrolment token").asRuntimeException());
            return;
        }
        if (req.getCsrDer().isEmpty() || req.getCsrDer().size() > MAX_CSR) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("missing or oversized CSR").asRuntimeException());
            return;
        }
        String hostname = PlainText.clean(req.getHostname(), 253);
        String agentId = Tokens.newAgentId();
        X509Certificate cert;
        try {
            cert = ca.signAgentCsr(req.getCsrDer().toByteArray(), agentId);
        } catch (GeneralSecurityException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("CSR refused: " + e.getMessage()).asRuntimeException());
            return;
        }
        TokenStore.Consumption c;
        try {
            c = tokens.consume(Tokens.sha256Hex(token), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "token store failed during enrolment: {0}", e.toString());
            out.onError(Status.UNAVAILABLE.withDescription("collector store unavailable, retry later").asRuntimeException());
            return;
        }
        if (!c.accepted()) {
            LOG.log(Level.WARNING, "enrolment refused from {0} ({1}): {2}", PeerContext.REMOTE_IP.get(), hostname,
                    c.refusal().message);
            out.onError(Status.PERMISSION_DENIED.withDescription(c.refusal().message).asRuntimeException());
            return;
        }
        try {
            Instant now = clock.instant();
            agents.register(AgentRecord.enrolment(agentId, hostname, PlainText.clean(req.getOsPrettyName(), 200),
                    PlainText.clean(req.getAgentVersion(), 64), c.group(), cert.getSerialNumber().toString(16),
                    HexFormat.of().formatHex(Fingerprint.sha256(cert.getEncoded())), PeerContext.REMOTE_IP.get(), now,
                    machine(req.getMachine())));
            out.onNext(EnrollResponse.newBuilder()
                    .setAgentId(agentId)
                    .setCertificateDer(ByteString.copyFrom(cert.getEncoded()))
                    .setCaCertificateDer(ByteString.copyFrom(ca.caCertificate().getEncoded()))
                    .setGroup(c.group())
                    .addAllCollectors(collectors)
                    .build());
            out.onCompleted();
            LOG.log(Level.INFO, "enrolled agent {0} ({1}) into group \"{2}\"", agentId, hostname, c.group());
        } catch (Exception e) {
            LOG.log(Level.ERROR, "enrolment of {0} failed after the token was accepted: {1}", hostname, e.toString());
            out.onError(Status.INTERNAL.withDescription("enrolment failed on the collector").asRuntimeException());
        }
    }
}
