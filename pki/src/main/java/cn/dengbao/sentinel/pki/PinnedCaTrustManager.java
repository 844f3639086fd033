package cn.dengbao.sentinel.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server only if its chain contains the CA whose SHA-256 fingerprint the operator gave
 * ({@code --ca-fingerprint}) and the leaf is signed by that CA. This runs inside the TLS handshake, so on a
 * mismatch the connection fails before any request, and the enrolment token is never sent.
 * Host name verification is still done by the TLS stack (this is a plain X509TrustManager, which the JDK wraps
 * with endpoint identification).
 */
public final class PinnedCaTrustManager implements X509TrustManager {
    private final String expected;
    private volatile List<String> offered = List.of();
    private volatile X509Certificate pinnedCa;

    public PinnedCaTrustManager(String expectedFingerprint) {
        this.expected = Fingerprint.normalize(expectedFingerprint);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        List<String> seen = new ArrayList<>();
        X509Certificate ca = null;
        for (X509Certificate c : chain) {
            String fp = Fingerprint.of(c);
            seen.add(fp);
            if (fp.equals(expected)) {
                ca = c;
            }
        }
        offered = List.copyOf(seen);
        if (ca == null) {
            throw new CertificateException("collector CA fingerprint mismatch: expected " + expected
                    + ", collector presented " + String.join(", ", seen));
        }
        X509Certificate leaf = chain[0];
        if (leaf == ca) {
            throw new CertificateException("collector presented its CA certificate as server certificate");
        }
        try {
            ca.checkValidity();
            leaf.checkValidity();
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("server certificate is not valid under the pinned CA: " + e.getMessage(), e);
        }
        pinnedCa = ca;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    public String expected() {
        return expected;
    }

    /** Fingerprints of the certificates the server presented in the last handshake (for error messages). */
    public List<String> offered() {
        return offered;
    }

    /** The CA certificate matched in the last successful handshake, or null. */
    public X509Certificate pinnedCa() {
        return pinnedCa;
    }

    /** True when the last handshake failed because no presented certificate had the expected fingerprint. */
    public boolean mismatched() {
        return pinnedCa == null && !offered.isEmpty() && !offered.contains(expected);
    }
}
