package cn.dengbao.sentinel.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.proto.Facts;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.random.RandomGenerator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 7: when the report stream cannot be set up, the agent says why in one line — the collector's
 * certificate expired, does not carry the name connected to, comes from an unknown CA, or claims the pinned CA as
 * issuer without its signature — instead of "UNAVAILABLE: io exception" and a Netty pipeline dump. A real TLS
 * server on loopback presents each certificate to the real daemon.
 */
class StreamTlsFailuresTest {
    private static final X500Name PINNED = new X500Name("CN=Sentinel Collector CA");

    @TempDir
    Path tmp;

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(X500Name issuer, PrivateKey signer, X500Name subject, KeyPair subjectKeys,
                                        boolean ca, Instant from, Instant to, GeneralName... names) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (names.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static final GeneralName[] LOOPBACK = {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")};

    private record Pki(KeyPair caKeys, X509Certificate ca) {
        static Pki create(X500Name dn) throws Exception {
            KeyPair k = keys();
            Instant now = Instant.now();
            return new Pki(k, cert(dn, k.getPrivate(), dn, k, true, now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(30))));
        }
    }

    /** The daemon (pinned to {@code pinned}) against a server presenting {@code leaf}; returns its one-line reason. */
    private String failureAgainst(Pki pinned, X509Certificate leaf, KeyPair leafKeys) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", leafKeys.getPrivate(), new char[0], new X509Certificate[] {leaf});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                    } catch (Exception e) {
                        // the client refuses the certificate: that is the point
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();

            KeyPair agentKeys = keys();
            Instant now = Instant.now();
            X509Certificate agentCert = cert(PINNED, pinned.caKeys().getPrivate(), new X500Name("CN=agent-test"),
                    agentKeys, false, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
            AgentIdentity id = new AgentIdentity("agent-test", agentKeys.getPrivate(), agentCert, pinned.ca(), "");
            AgentConfig cfg = new AgentConfig();
            cfg.collector = "127.0.0.1:" + server.getLocalPort();
            cfg.reportOnStart = false;
            try (AgentDaemon d = new AgentDaemon(cfg, id, sections -> Facts.getDefaultInstance(),
                    new Spool(tmp.resolve("spool-" + System.nanoTime()), 10, 1 << 20),
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), RandomGenerator.getDefault()), "test")) {
                d.start();
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (d.lastConnectFailure() == null && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                String why = d.lastConnectFailure();
                assertTrue(why != null, "no failure recorded");
                assertFalse(why.contains("\n"), "one line: " + why);
                assertFalse(why.contains("io exception"), why);
                return why;
            }
        }
    }

    @Test
    void eachTlsFailureIsNamedInOneLine() throws Exception {
        Pki pinned = Pki.create(PINNED);
        Pki other = Pki.create(new X500Name("CN=Some Other CA"));
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(30));
        X500Name server = new X500Name("CN=collector");

        KeyPair k1 = keys();
        String unknownCa = failureAgainst(pinned, cert(new X500Name("CN=Some Other CA"), other.caKeys().getPrivate(),
                server, k1, false, from, to, LOOPBACK), k1);
        assertTrue(unknownCa.startsWith("未知的 CA (unknown CA"), unknownCa);

        KeyPair k2 = keys();
        String wrongName = failureAgainst(pinned, cert(PINNED, pinned.caKeys().getPrivate(), server, k2, false, from,
                to, new GeneralName(GeneralName.dNSName, "collector.invalid")), k2);
        assertTrue(wrongName.startsWith("证书名称不符 (certificate name mismatch)"), wrongName);

        KeyPair k3 = keys();
        String expired = failureAgainst(pinned, cert(PINNED, pinned.caKeys().getPrivate(), server, k3, false,
                now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)), LOOPBACK), k3);
        assertTrue(expired.startsWith("采集端证书已过期 (collector certificate expired)"), expired);

        KeyPair k4 = keys();   // names the pinned CA as issuer, signed by another key
        String forged = failureAgainst(pinned, cert(PINNED, other.caKeys().getPrivate(), server, k4, false, from, to,
                LOOPBACK), k4);
        assertTrue(forged.startsWith("证书不是由固定的采集端 CA 签发 (certificate not signed by the pinned collector CA"),
                forged);
    }
}
