package cn.dengbao.sentinel.agent.enroll;

import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.pki.Pem;
import cn.dengbao.sentinel.pki.PinnedCaTrustManager;
import cn.dengbao.sentinel.pki.TlsChannels;
import cn.dengbao.sentinel.pki.TlsFailures;

import cn.dengbao.sentinel.proto.EnrollRequest;
import cn.dengbao.sentinel.proto.EnrollResponse;
import cn.dengbao.sentinel.proto.EnrollmentGrpc;
import cn.dengbao.sentinel.proto.MachineIdentity;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Enrols this agent: generates an EC P-256 key pair locally, connects with TLS pinned to the operator-given CA
 * fingerprint (the token is only sent once the collector proved it holds that CA), sends a PKCS#10 CSR with the
 * token, checks the issued certificate and stores key + certificate + CA certificate (0600) in the state dir.
 */
public final class Enroller {
    private final String target;
    private final String caFingerprint;
    private final long timeoutSeconds;

    private List<String> collectors = List.of();

    /**
     * The collectors the last successful enrolment named (every collector sharing the database, as agents reach
     * them; collector.yaml {@code collectors}); empty when the collector named none.
     */
    public List<String> collectors() {
        return collectors;
    }

    public Enroller(String target, String caFingerprint, long timeoutSeconds) {
        this.target = target;
        this.caFingerprint = Fingerprint.normalize(caFingerprint);
        this.timeoutSeconds = timeoutSeconds;
    }

    public AgentIdentity enroll(String token, String hostname, String osPrettyName, String agentVersion, Path stateDir)
            throws EnrollmentException {
        return enroll(token, hostname, osPrettyName, agentVersion, MachineIdentity.getDefaultInstance(), stateDir);
    }

    /** Enrols with the machine's identity ({@link MachineIdentities#read}), which the collector keeps with the agent. */
    public AgentIdentity enroll(String token, String hostname, String osPrettyName, String agentVersion,
                                MachineIdentity machine, Path stateDir) throws EnrollmentException {
        if (token == null || token.isBlank()) {
            throw new EnrollmentException("an enrolment token is required");
        }
        KeyPair keys = generateKeyPair();
        byte[] csr = csr(keys, hostname);
        PinnedCaTrustManager trust = new PinnedCaTrustManager(caFingerprint);
        ManagedChannel channel;
        try {
            channel = TlsChannels.enrollment(target, trust);
        } catch (IOException e) {
            throw new EnrollmentException("cannot set up TLS: " + e.getMessage(), e);
        }
        EnrollResponse resp;
        try {
            resp = EnrollmentGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS)
                    .enroll(EnrollRequest.newBuilder()
                            .setToken(token.strip())
                            .setCsrDer(ByteString.copyFrom(csr))
                            .setHostname(nullToEmpty(hostname))
                            .setOsPrettyName(nullToEmpty(osPrettyName))
                            .setAgentVersion(nullToEmpty(agentVersion))
                            .setMachine(machine)
                            .build());
        } catch (StatusRuntimeException e) {
            if (trust.mismatched()) {
                throw new EnrollmentException("collector CA fingerprint mismatch: expected " + trust.expected()
                        + ", collector presented " + String.join(", ", trust.offered())
                        + " — token NOT sent, enrolment aborted");
            }
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
                // gRPC's description here is "io exception" plus a dump of Netty's channel pipeline: say what failed
                throw new EnrollmentException("无法连接采集端或 TLS 握手失败 (cannot reach the collector at " + target
                        + " or TLS failed): " + transportReason(e), e);
            }
            String why = e.getStatus().getDescription();
            throw new EnrollmentException("enrolment refused (" + e.getStatus().getCode() + ")"
                    + (why == null ? "" : ": " + firstLine(why)), e);
        } finally {
            channel.shutdownNow();
        }
        AgentIdentity identity = verify(resp, keys);
        collectors = List.copyOf(resp.getCollectorsList());
        try {
            identity.save(stateDir);
        } catch (IOException e) {
            throw new EnrollmentException("cannot store credentials in " + stateDir + ": " + e.getMessage(), e);
        }
        return identity;
    }

    private AgentIdentity verify(EnrollResponse resp, KeyPair keys) throws EnrollmentException {
        try {
            X509Certificate cert = Pem.certificate(resp.getCertificateDer().toByteArray());
            X509Certificate ca = Pem.certificate(resp.getCaCertificateDer().toByteArray());
            if (!Fingerprint.of(ca).equals(caFingerprint)) {
                throw new EnrollmentException("collector returned a CA certificate other than the pinned one");
            }
            if (!Arrays.equals(cert.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
                throw new EnrollmentException("issued certificate does not carry this agent's public key");
            }
            cert.verify(ca.getPublicKey());
            cert.checkValidity();
            String id = AgentIdentity.commonName(cert);
            if (!id.equals(resp.getAgentId())) {
                throw new EnrollmentException("issued certificate CN does not match the agent id");
            }
            return new AgentIdentity(id, keys.getPrivate(), cert, ca, resp.getGroup());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EnrollmentException("collector returned an unusable certificate: " + e.getMessage(), e);
        }
    }

    static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    static byte[] csr(KeyPair keys, String hostname) {
        try {
            // The collector ignores the requested subject and sets CN = the agent id it assigns.
            PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(
                    new X500Principal("CN=sentinel-agent"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return req.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build CSR", e);
        }
    }

    /** Why a transport failure happened, in one line (a TLS record dump is not a reason). */
    static String transportReason(Throwable t) {
        return TlsFailures.reason(t);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
