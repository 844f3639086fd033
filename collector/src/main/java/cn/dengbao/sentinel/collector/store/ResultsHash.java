package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import com.google.common.collect.MapMaker;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentMap;

/**
 * Identifies a scan's verdicts: SHA-256 over the SHA-256 of every stored result (every stored column, as clipped
 * for storage, in rule order). Two scans with the same hash have the same result rows, so the later one can share
 * the earlier one's. SHA-256 because a collision would show one scan's evidence for another.
 * <p>
 * A result's digest is remembered per Finding instance (weakly, by identity): the engine's finding memo hands out
 * the same instance each time a rule's inputs repeat, so a host that reports again costs a few map look-ups
 * instead of hashing ~100 KB of evidence text again. Instances no longer referenced are collected as usual.
 */
final class ResultsHash {
    private static final ConcurrentMap<Finding, byte[]> DIGESTS = new MapMaker().weakKeys().concurrencyLevel(8).makeMap();

    private ResultsHash() {
    }

    static String of(Collection<Finding> findings) {
        MessageDigest md = sha256();
        md.update(intBytes(findings.size()));
        for (Finding f : findings) {
            byte[] d = DIGESTS.get(f);
            if (d == null) {
                d = digest(f);
                DIGESTS.put(f, d);
            }
            md.update(d);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** One result's digest: each field length-prefixed, strings as UTF-16 code units (no UTF-8 encoding). */
    static byte[] digest(Finding f) {
        MessageDigest md = sha256();
        text(md, f.getRuleId());
        text(md, f.getClause());
        text(md, f.getTitle());
        md.update(intBytes(f.getStatusValue()));
        md.update(intBytes(f.getRiskValue()));
        text(md, f.getMessage());
        md.update(intBytes(f.getEvidenceCount()));
        for (Evidence e : f.getEvidenceList()) {
            text(md, e.getText());
            md.update(intBytes(e.hasSource() ? 1 : 0));
            text(md, e.getSource().getPath());
            md.update(intBytes(e.getSource().getLine()));
            text(md, e.getSource().getCommand());
            text(md, e.getSource().getExcerpt());
        }
        text(md, f.getRemediation());
        text(md, f.getRiskReason());
        md.update(intBytes(f.getMajorHazard() ? 1 : 0));
        return md.digest();
    }

    private static void text(MessageDigest md, String s) {
        md.update(intBytes(s.length()));
        // by hand: String.getBytes(UTF_16BE) goes through a slow CharsetEncoder, and UTF-8 maps lone surrogates
        // to '?', so two different texts could hash alike
        byte[] b = new byte[s.length() * 2];
        for (int i = 0, j = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b[j++] = (byte) (ch >>> 8);
            b[j++] = (byte) ch;
        }
        md.update(b);
    }

    private static byte[] intBytes(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
