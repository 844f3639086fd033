package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Identifies a scan's verdicts: SHA-256 over every stored column of every result (as clipped for storage, in rule
 * order). Two scans with the same hash have the same result rows, so the later one can share the earlier one's.
 * SHA-256 because a collision would show one scan's evidence for another. The strings are fed as UTF-16 code
 * units with length prefixes (no UTF-8 encoding, which cost more than the digest for Chinese texts).
 */
final class ResultsHash {
    private final MessageDigest md;
    private final byte[] buf = new byte[8192];
    private int pos;

    private ResultsHash() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(Collection<Finding> findings) {
        ResultsHash h = new ResultsHash();
        h.number(findings.size());
        for (Finding f : findings) {
            h.text(f.getRuleId());
            h.text(f.getClause());
            h.text(f.getTitle());
            h.number(f.getStatusValue());
            h.number(f.getRiskValue());
            h.text(f.getMessage());
            h.number(f.getEvidenceCount());
            for (Evidence e : f.getEvidenceList()) {
                h.text(e.getText());
                h.number(e.hasSource() ? 1 : 0);
                h.text(e.getSource().getPath());
                h.number(e.getSource().getLine());
                h.text(e.getSource().getCommand());
                h.text(e.getSource().getExcerpt());
            }
            h.text(f.getRemediation());
            h.text(f.getRiskReason());
            h.number(f.getMajorHazard() ? 1 : 0);
        }
        h.flush();
        return HexFormat.of().formatHex(h.md.digest());
    }

    private void number(int n) {
        room(4);
        buf[pos++] = (byte) (n >>> 24);
        buf[pos++] = (byte) (n >>> 16);
        buf[pos++] = (byte) (n >>> 8);
        buf[pos++] = (byte) n;
    }

    private void text(String s) {
        number(s.length());
        for (int i = 0; i < s.length(); i++) {
            room(2);
            char ch = s.charAt(i);
            buf[pos++] = (byte) (ch >>> 8);
            buf[pos++] = (byte) ch;
        }
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            flush();
        }
    }

    private void flush() {
        md.update(buf, 0, pos);
        pos = 0;
    }
}
