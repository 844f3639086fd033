package cn.dengbao.sentinel.collector.pki;

import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.pki.Pem;
import cn.dengbao.sentinel.pki.SecureFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The collector's certificate authority (EC P-256, BouncyCastle). On first start it creates {@code pki/ca.key},
 * {@code pki/ca.crt}, {@code pki/server.key}, {@code pki/server.crt} under the data dir (dir 0700, files 0600);
 * afterwards it loads them. Operators may supply their own PEM files instead. It signs agents' CSRs into client
 * certificates (CN = agent id, clientAuth only, one year).
 */
public final class CertificateAuthority {
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    public static final Duration AGENT_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private final PrivateKey serverKey;
    private final X509Certificate serverCert;

    private CertificateAuthority(PrivateKey caKey, X509Certificate caCert, PrivateKey serverKey, X509Certificate serverCert) {
        this.caKey = caKey;
        this.caCert = caCert;
        this.serverKey = serverKey;
        this.serverCert = serverCert;
    }

    /** Files of the collector PKI; each may be overridden by an operator-supplied path. */
    public record Paths(Path caKey, Path caCert, Path serverKey, Path serverCert) {
        public static Paths under(Path dataDir) {
            Path pki = dataDir.resolve("pki");
            return new Paths(pki.resolve("ca.key"), pki.resolve("ca.crt"), pki.resolve("server.key"), pki.resolve("server.crt"));
        }
    }

    /**
     * Loads the CA and server certificate, creating what is missing. The server certificate is (re)issued when
     * absent or when it no longer covers {@code serverNames}.
     */
    public static CertificateAuthority loadOrCreate(Paths p, List<String> serverNames) throws IOException, GeneralSecurityException {
        SecureFiles.privateDir(p.caKey().toAbsolutePath().getParent());
        PrivateKey caKey;
        X509Certificate caCert;
        if (Files.exists(p.caKey()) && Files.exists(p.caCert())) {
            caKey = Pem.readPrivateKey(p.caKey());
            caCert = Pem.readCertificate(p.caCert());
        } else if (Files.exists(p.caKey()) || Files.exists(p.caCert())) {
            throw new IOException("only one of " + p.caKey() + " and " + p.caCert() + " exists; refusing to replace the CA");
        } else {
            KeyPair kp = newKeyPair();
            caKey = kp.getPrivate();
            caCert = selfSignedCa(kp);
            Pem.writePrivate(p.caKey(), caKey);
            Pem.writePrivate(p.caCert(), caCert);
        }
        PrivateKey serverKey = null;
        X509Certificate serverCert = null;
        if (Files.exists(p.serverKey()) && Files.exists(p.serverCert())) {
            serverKey = Pem.readPrivateKey(p.serverKey());
            serverCert = Pem.readCertificate(p.serverCert());
        }
        CertificateAuthority ca = new CertificateAuthority(caKey, caCert, serverKey, serverCert);
        if (serverCert == null || !ca.serverCertificateUsable(serverNames)) {
            KeyPair kp = newKeyPair();
            X509Certificate issued = ca.issueServer(kp.getPublic(), serverNames);
            Pem.writePrivate(p.serverKey(), kp.getPrivate());
            Pem.writePrivate(p.serverCert(), issued);
            ca = new CertificateAuthority(caKey, caCert, kp.getPrivate(), issued);
        }
        return ca;
    }

    /**
     * The fingerprint of the CA already at {@code p}, empty when there is none; creates nothing (commands that
     * hand out tokens must not mint a CA of their own in a mistyped directory).
     */
    public static java.util.Optional<String> existingFingerprint(Paths p) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(p.caCert())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Fingerprint.of(Pem.readCertificate(p.caCert())));
    }

    private boolean serverCertificateUsable(List<String> names) {
        try {
            serverCert.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(7))));
            serverCert.verify(caCert.getPublicKey());
            List<String> sans = new ArrayList<>();
            if (serverCert.getSubjectAlternativeNames() != null) {
                for (List<?> san : serverCert.getSubjectAlternativeNames()) {
                    sans.add(String.valueOf(san.get(1)).toLowerCase());
                }
            }
            for (String n : names) {
                if (isIp(n) ? !sans.contains(InetAddress.getByName(n).getHostAddress().toLowerCase())
                        && !sans.contains(n.toLowerCase()) : !sans.contains(n.toLowerCase())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    public X509Certificate serverCertificate() {
        return serverCert;
    }

    /** SHA-256 of the CA certificate DER, as agents pass it to {@code enroll --ca-fingerprint}. */
    public String fingerprint() {
        return Fingerprint.of(caCert);
    }

    /**
     * Verifies a PKCS#10 request (signature, key type and size) and issues a client certificate for it.
     * The requested subject is ignored: CN is the agent id assigned by the collector.
     */
    public X509Certificate signAgentCsr(byte[] csrDer, String agentId) throws GeneralSecurityException {
        JcaPKCS10CertificationRequest csr;
        try {
            csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(csrDer));
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("CSR is not a valid PKCS#10 request");
        }
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (Exception e) {
            throw new GeneralSecurityException("CSR public key is unreadable");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new GeneralSecurityException("CSR signature is invalid");
            }
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("CSR signature cannot be verified: " + e, e);
        }
        if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() < 256) {
                throw new GeneralSecurityException("EC key under 256 bits");
            }
        } else if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new GeneralSecurityException("RSA key under 2048 bits");
            }
        } else {
            throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
        }
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(AGENT_VALIDITY)),
                    new X500Principal("CN=" + agentId + ",O=Dengbao Sentinel agent"), key);
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(caCert));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(caKey)));
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue certificate", e);
        }
    }

    private X509Certificate issueServer(PublicKey key, List<String> names) throws GeneralSecurityException {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVER_VALIDITY)),
                    new X500Principal("CN=" + (names.isEmpty() ? "sentinel-collector" : names.get(0)) + ",O=Dengbao Sentinel collector"), key);
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> gn = new ArrayList<>();
            for (String n : names) {
                gn.add(isIp(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(gn.toArray(new GeneralName[0])));
            b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(caCert));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(caKey)));
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue server certificate", e);
        }
    }

    private static X509Certificate selfSignedCa(KeyPair kp) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Principal subject = new X500Principal("CN=Dengbao Sentinel CA " + Long.toHexString(RANDOM.nextLong() & 0xffffffffL)
                + ",O=Dengbao Sentinel");
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), subject, kp.getPublic());
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(kp.getPrivate())));
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create CA certificate", e);
        }
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws org.bouncycastle.operator.OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    /** Default names for the server certificate: loopback plus this machine's host name. */
    public static List<String> defaultServerNames(List<String> configured) {
        List<String> names = new ArrayList<>(configured);
        for (String n : List.of("localhost", "127.0.0.1", "::1")) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        try {
            String h = InetAddress.getLocalHost().getHostName();
            if (h != null && !h.isBlank() && !names.contains(h) && h.matches("[A-Za-z0-9.-]+")) {
                names.add(h);
            }
        } catch (IOException e) {
            // no host name: loopback names suffice
        }
        return names;
    }
}
