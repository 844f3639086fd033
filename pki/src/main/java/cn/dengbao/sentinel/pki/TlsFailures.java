package cn.dengbao.sentinel.pki;

import java.net.ConnectException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * One line saying why a connection to the collector failed, from the exception chain gRPC/Netty/JSSE produced
 * (whose own text is "io exception" plus a pipeline dump): the collector's certificate has expired, does not carry
 * the name connected to, is not signed by the pinned collector CA, comes from an unknown CA (fingerprint not the
 * pinned one), the peer does not speak TLS, or nothing listens. Shared by enrolment and the report stream.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    public static String reason(Throwable t) {
        StringBuilder all = new StringBuilder();
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            root = c;
            if (c instanceof CertificateExpiredException) {
                return "采集端证书已过期 (collector certificate expired): " + firstLine(c.getMessage());
            }
            if (c instanceof CertificateNotYetValidException) {
                return "采集端证书尚未生效 (collector certificate not yet valid): " + firstLine(c.getMessage());
            }
            if (c instanceof ConnectException) {
                return "无法建立连接 (connection refused: is the collector running at that address?)";
            }
            if (c.getClass().getSimpleName().equals("NotSslRecordException")) {
                return "对端不是 TLS 服务 (the peer does not speak TLS: is this the collector's agent port?)";
            }
            all.append(' ').append(c.getMessage() == null ? "" : c.getMessage());
        }
        String m = all.toString();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("fingerprint mismatch")) {
            return "未知的 CA (unknown CA: the collector's CA is not the pinned fingerprint)";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "证书名称不符 (certificate name mismatch): " + firstLine(extract(m, "No "));
        }
        if (lower.contains("validity check failed") || lower.contains("certificate expired")) {
            return "采集端证书已过期 (collector certificate expired)";
        }
        if (lower.contains("signature check failed") || lower.contains("not valid under the pinned ca")) {
            return "证书不是由固定的采集端 CA 签发 (certificate not signed by the pinned collector CA: signature "
                    + "check failed)";
        }
        if (lower.contains("unable to find valid certification path") || lower.contains("pkix path")) {
            return "未知的 CA (unknown CA: the collector's certificate does not chain to the pinned collector CA)";
        }
        String last = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
        return last.length() > 200 ? last.substring(0, 200) + "…" : last;
    }

    /**
     * The peer closed an established connection while this side was writing to it ("Broken pipe", "Connection reset
     * by peer"). Unlike a refused connect or a TLS failure, these can only happen after the connection was up: the
     * agent sees one of them, instead of a stream reset, when the collector cuts a report too large for it.
     */
    public static boolean brokenUnderWrite(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (c instanceof java.io.IOException && m != null
                    && (m.contains("Broken pipe") || m.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    private static String extract(String text, String from) {
        int i = text.indexOf(from);
        return i < 0 ? text.strip() : text.substring(i);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
