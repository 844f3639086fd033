package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.enroll.EnrollmentException;
import cn.dengbao.sentinel.pki.Pem;
import cn.dengbao.sentinel.pki.TlsChannels;
import cn.dengbao.sentinel.collector.ingest.InMemoryReportSink;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.proto.AgentMessage;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import cn.dengbao.sentinel.proto.CollectorMessage;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Hello;
import cn.dengbao.sentinel.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real gRPC over TLS on loopback: enrolment, mutual TLS stream, acks, revocation, foreign certificates. */
class AgentStreamTlsTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void enrollStreamReportIsStoredEvaluatedAndAcked() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector")).start()) {
            Path state = tmp.resolve("agent");
            AgentIdentity id = c.enroll(state);
            for (String f : List.of("agent.key", "agent.crt", "ca.crt")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(f))), f);
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("collector/pki"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("collector/pki/ca.key"))));
            assertEquals("web", id.group());
            X509Certificate cert = id.certificate();
            assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth EKU");
            assertTrue(cert.getNotAfter().getTime() - cert.getNotBefore().getTime() <= Duration.ofDays(366).toMillis());

            try (AgentDaemon d = c.daemon(AgentIdentity.load(state), tmp.resolve("spool"), 50, TestCollector.facts("host-a"))) {
                d.start();
                TestCollector.await("first report stored and acked", T, () -> d.acked() == 1);
                assertEquals(0, d.spool().size(), "acked report removed from spool");
                assertTrue(d.schedule().isPresent());
                assertEquals(86_400, d.schedule().get().getIntervalSeconds());
                assertTrue(d.schedule().get().getJitterSeconds() >= 8_640, "jitter ≥ 10 % of the interval");

                List<InMemoryReportSink.Stored> stored = c.sink.byAgent(id.agentId());
                assertEquals(1, stored.size());
                assertEquals("start", stored.get(0).report().getTrigger());
                assertEquals("host-a", stored.get(0).evaluation().getHost());
                assertEquals(Status.PASS, stored.get(0).evaluation().getFindings(0).getStatus());

                // scan pushed by the collector: only enum sections exist on the wire
                assertTrue(c.server.sessions().requestScan(id.agentId(), "req-1", List.of(FactSection.SECTION_SSHD)));
                assertFalse(c.server.sessions().requestScan("agent-not-connected", "req-2", List.of()));
                TestCollector.await("scan report stored", T, () -> c.sink.byAgent(id.agentId()).size() == 2);
                assertTrue(c.sink.byAgent(id.agentId()).stream().anyMatch(s -> s.report().getTrigger().equals("scan_now")));
                assertTrue(c.agents.find(id.agentId()).orElseThrow().lastSeenAt() != null);
            }
        }
    }

    @Test
    void tokenReuseExpiryAndUnknownAreRefusedWithClearReasons() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector")).start()) {
            String once = c.token(1, Duration.ofHours(1), "");
            Enroller e = new Enroller(c.target(), c.ca.fingerprint(), 10);
            e.enroll(once, "h1", "os", "v", tmp.resolve("a1"));
            EnrollmentException reused = assertThrows(EnrollmentException.class,
                    () -> e.enroll(once, "h2", "os", "v", tmp.resolve("a2")));
            assertTrue(reused.getMessage().contains("already been used"), reused.getMessage());
            assertFalse(reused.getMessage().contains(once), "no token in messages");

            String expired = c.token(5, Duration.ofMillis(1), "");
            Thread.sleep(20);
            EnrollmentException ex = assertThrows(EnrollmentException.class,
                    () -> e.enroll(expired, "h3", "os", "v", tmp.resolve("a3")));
            assertTrue(ex.getMessage().contains("expired"), ex.getMessage());

            EnrollmentException unknown = assertThrows(EnrollmentException.class,
                    () -> e.enroll("dbs_notatoken", "h4", "os", "v", tmp.resolve("a4")));
            assertTrue(unknown.getMessage().contains("unknown"), unknown.getMessage());
            assertFalse(Files.exists(tmp.resolve("a2/agent.crt")));
            assertEquals(1, c.agents.list().size());
        }
    }

    @Test
    void caFingerprintMismatchAbortsBeforeTheTokenIsSent() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector")).start()) {
            CertificateAuthority other = CertificateAuthority.loadOrCreate(CertificateAuthority.Paths.under(tmp.resolve("other")),
                    List.of("localhost"));
            int[] consumed = {0};
            cn.dengbao.sentinel.collector.enroll.TokenStore counting = new cn.dengbao.sentinel.collector.enroll.TokenStore() {
                public void create(String h, String g, java.time.Instant x, int u) {
                    c.tokens.create(h, g, x, u);
                }

                public Consumption consume(String h, java.time.Instant now) {
                    consumed[0]++;
                    return c.tokens.consume(h, now);
                }
            };
            c.stop();
            // same CA dir, but count every token the collector receives
            c.server = new CollectorServer("127.0.0.1", 0, c.ca, counting, c.agents, c.sink, TestCollector.EVALUATOR,
                    cn.dengbao.sentinel.collector.ingest.SchedulePolicy.daily(),
                    cn.dengbao.sentinel.collector.ingest.IngestLimits.defaults(), java.time.Clock.systemUTC()).start();
            c.port = c.server.port();
            String token = c.token(1, Duration.ofHours(1), "");
            EnrollmentException e = assertThrows(EnrollmentException.class,
                    () -> new Enroller(c.target(), other.fingerprint(), 10).enroll(token, "h", "os", "v", tmp.resolve("a")));
            assertTrue(e.getMessage().contains(other.fingerprint()), e.getMessage());
            assertTrue(e.getMessage().contains(c.ca.fingerprint()), e.getMessage());
            assertEquals(0, consumed[0], "the collector never received the token");
            assertFalse(Files.exists(tmp.resolve("a/agent.key")));
            // the token is still good with the right fingerprint
            new Enroller(c.target(), c.ca.fingerprint(), 10).enroll(token, "h", "os", "v", tmp.resolve("a"));
            assertEquals(1, consumed[0]);
        }
    }

    @Test
    void certificateFromAnotherCaIsRefused() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector")).start()) {
            AgentIdentity real = c.enroll(tmp.resolve("agent"));
            // A different CA issues a certificate with the same CN (agent id) as a real agent.
            CertificateAuthority rogue = CertificateAuthority.loadOrCreate(CertificateAuthority.Paths.under(tmp.resolve("rogue")),
                    List.of("localhost"));
            KeyPair kp = CertificateAuthority.newKeyPair();
            byte[] csr = new JcaPKCS10CertificationRequestBuilder(new javax.security.auth.x500.X500Principal("CN=x"), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
            X509Certificate forged = rogue.signAgentCsr(csr, real.agentId());
            AgentIdentity forgedId = new AgentIdentity(real.agentId(), kp.getPrivate(), forged, c.ca.caCertificate(), "");
            io.grpc.Status st = connectAndAwaitClose(c, forgedId);
            assertTrue(st.getCode() == io.grpc.Status.Code.UNAVAILABLE || st.getCode() == io.grpc.Status.Code.UNAUTHENTICATED,
                    "refused: " + st);
            assertEquals(0, c.sink.size());

            // and with no client certificate at all, AgentService is refused while Enrollment stays open
            ManagedChannel ch = TlsChannels.enrollment(c.target(), new cn.dengbao.sentinel.pki.PinnedCaTrustManager(c.ca.fingerprint()));
            try {
                CompletableFuture<io.grpc.Status> closed = new CompletableFuture<>();
                StreamObserver<AgentMessage> out = AgentServiceGrpc.newStub(ch).connect(observer(closed, null));
                out.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(real.agentId())).build());
                assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, closed.get(20, TimeUnit.SECONDS).getCode());
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void revokedAgentIsRefusedOnNextConnect() throws Exception {
        try (TestCollector c = new TestCollector(tmp.resolve("collector")).start()) {
            AgentIdentity id = c.enroll(tmp.resolve("agent"));
            try (AgentDaemon d = c.daemon(id, tmp.resolve("spool"), 10, TestCollector.facts("host-a"))) {
                d.start();
                TestCollector.await("acked", T, () -> d.acked() == 1);
                assertTrue(c.server.sessions().isConnected(id.agentId()));
                assertTrue(c.agents.revoke(id.agentId()));
                // revoked by another process: the periodic check closes the open stream
                assertEquals(1, c.server.sessions().revalidate(c.agents::isActive));
                TestCollector.await("stream closed", T, () -> !c.server.sessions().isConnected(id.agentId()));
                d.reportNow("scan_now");
                Thread.sleep(1500); // reconnect attempts are refused: nothing more is stored
                assertFalse(c.server.sessions().isConnected(id.agentId()));
                assertEquals(1, d.spool().size(), "the report stays spooled, never acked");
            }
            io.grpc.Status st = connectAndAwaitClose(c, id);
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, st.getCode(), st.toString());
            assertEquals(1, c.sink.size());
        }
    }

    /** Opens a stream with the given identity, sends Hello, and returns how the collector closed it. */
    private static io.grpc.Status connectAndAwaitClose(TestCollector c, AgentIdentity id) throws Exception {
        ManagedChannel ch = TlsChannels.mutual(c.target(), id);
        try {
            CompletableFuture<io.grpc.Status> closed = new CompletableFuture<>();
            CompletableFuture<CollectorMessage> first = new CompletableFuture<>();
            StreamObserver<AgentMessage> out = AgentServiceGrpc.newStub(ch).connect(observer(closed, first));
            out.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(id.agentId())).build());
            io.grpc.Status st = closed.get(20, TimeUnit.SECONDS);
            assertFalse(first.isDone(), "no schedule or ack for a refused agent");
            return st;
        } finally {
            ch.shutdownNow();
        }
    }

    private static StreamObserver<CollectorMessage> observer(CompletableFuture<io.grpc.Status> closed,
                                                             CompletableFuture<CollectorMessage> first) {
        return new StreamObserver<>() {
            public void onNext(CollectorMessage m) {
                if (first != null) {
                    first.complete(m);
                }
            }

            public void onError(Throwable t) {
                closed.complete(io.grpc.Status.fromThrowable(t));
            }

            public void onCompleted() {
                closed.complete(io.grpc.Status.OK);
            }
        };
    }
}
