package cn.dengbao.sentinel.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The agent's credentials in its state directory: {@code agent.key} (private key, never leaves the host),
 * {@code agent.crt} (issued by the collector, CN = agent id), {@code ca.crt} (the collector CA), all 0600.
 */
public record AgentIdentity(String agentId, PrivateKey key, X509Certificate certificate, X509Certificate ca,
                            String group) {
    public static final String KEY_FILE = "agent.key";
    public static final String CERT_FILE = "agent.crt";
    public static final String CA_FILE = "ca.crt";
    public static final String GROUP_FILE = "group";

    public static boolean exists(Path stateDir) {
        return Files.isRegularFile(stateDir.resolve(KEY_FILE)) && Files.isRegularFile(stateDir.resolve(CERT_FILE))
                && Files.isRegularFile(stateDir.resolve(CA_FILE));
    }

    public static AgentIdentity load(Path stateDir) throws IOException, GeneralSecurityException {
        if (!exists(stateDir)) {
            throw new IOException("agent is not enrolled: no credentials in " + stateDir + " (run `enroll` first)");
        }
        PrivateKey key = Pem.readPrivateKey(stateDir.resolve(KEY_FILE));
        X509Certificate cert = Pem.readCertificate(stateDir.resolve(CERT_FILE));
        X509Certificate ca = Pem.readCertificate(stateDir.resolve(CA_FILE));
        Path groupFile = stateDir.resolve(GROUP_FILE);
        String group = Files.isRegularFile(groupFile) ? Files.readString(groupFile).strip() : "";
        return new AgentIdentity(commonName(cert), key, cert, ca, group);
    }

    public void save(Path stateDir) throws IOException {
        SecureFiles.privateDir(stateDir);
        Pem.writePrivate(stateDir.resolve(KEY_FILE), key);
        Pem.writePrivate(stateDir.resolve(CERT_FILE), certificate);
        Pem.writePrivate(stateDir.resolve(CA_FILE), ca);
        SecureFiles.writeAtomically(stateDir.resolve(GROUP_FILE), group.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("certificate subject cannot be parsed", e);
        }
        throw new IllegalArgumentException("certificate has no CN");
    }
}
