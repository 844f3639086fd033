package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.pki.Sm3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator audit log: append-only, SM3 hash-chained. Each entry's hash is
 * SM3(prev_hash || canonical(seq, at, actor, action, details_json)); the genesis prev_hash is 32 zero bytes.
 * Appends lock the one-row {@code audit_head} table, so collectors sharing a PostgreSQL database extend one chain.
 * {@link #verify()} finds the first modified, deleted or reordered entry, including deleted newest entries
 * (the head row remembers the last seq and hash).
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final int MAX_TEXT = 256;
    private static final int MAX_DETAILS = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
    private final Db db;
    private volatile AuditSeal seal;

    public AuditLog(Db db) {
        this.db = db;
    }

    /**
     * Anchors this log outside the database from now on: entries are signed with the seal's key and chain heads
     * go to its anchor file (started with the current head when there is none, so the history so far is anchored
     * as it stands). {@link #verify()} then also checks signatures and anchors.
     */
    public void seal(AuditSeal s) {
        long[] seq = new long[1];
        String head = db.tx("read audit head", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("audit_head row missing: the audit log was tampered with");
                }
                seq[0] = rs.getLong(1);
                return rs.getString(2);
            }
        });
        try {
            s.start(seq[0]);
            if (seq[0] > 0) {
                s.anchor(seq[0], head);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write the audit anchor file: " + e.getMessage(), e);
        }
        this.seal = s;
    }

    /** Writes the current chain head to the anchor file (the collector does so periodically). */
    public void anchorHead() {
        AuditSeal s = seal;
        if (s == null) {
            return;
        }
        long[] seq = new long[1];
        String hash = db.tx("read audit head", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                seq[0] = rs.getLong(1);
                return rs.getString(2);
            }
        });
        if (hash != null && seq[0] > 0) {
            anchorQuietly(s, seq[0], hash);
        }
    }

    private static void anchorQuietly(AuditSeal s, long seq, String hash) {
        try {
            s.anchor(seq, hash);
        } catch (IOException e) {
            // the entry is committed and signed; the next periodic anchor writes a later head
            LOG.log(System.Logger.Level.WARNING, "cannot append to the audit anchor file: {0}", e.toString());
        }
    }

    /** Appends one entry in its own transaction. Details are redacted (secret-named keys) before hashing. */
    public AuditEntry append(String actor, String action, Map<String, ?> details) {
        AuditEntry e = db.tx("append audit entry", c -> append(c, actor, action, details, Instant.now()));
        AuditSeal s = seal;
        if (s != null) {
            anchorQuietly(s, e.seq(), e.hash());   // after the commit: an anchor never names an entry rolled back
        }
        return e;
    }

    /** Appends within the caller's transaction, so the audited change and its entry commit together. */
    public AuditEntry append(Connection c, String actor, String action, Map<String, ?> details, Instant at)
            throws SQLException {
        String a = clip(actor == null || actor.isBlank() ? "unknown" : actor);
        String act = clip(action);
        if (act == null || act.isBlank()) {
            throw new IllegalArgumentException("audit action is required");
        }
        String json = Json.write(Redactor.redact(details == null ? Map.of() : new TreeMap<>(details)));
        if (json.length() > MAX_DETAILS) {
            json = Json.write(Map.of("truncated", true, "length", json.length()));
        }
        long seq;
        String prev;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("audit_head row missing: the audit log was tampered with");
            }
            seq = rs.getLong(1) + 1;
            prev = rs.getString(2);
        }
        // Millisecond precision: what the column stores is what is hashed.
        long atMs = at.toEpochMilli();
        String hash = hash(prev, seq, atMs, a, act, json);
        if (hash == null) {
            throw new StoreException("audit_head hash is malformed: the audit log was tampered with");
        }
        AuditSeal s = seal;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (seq, at, actor, action, "
                + "details_json, prev_hash, hash, sig, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setLong(2, atMs);
            ps.setString(3, a);
            ps.setString(4, act);
            ps.setString(5, json);
            ps.setString(6, prev);
            ps.setString(7, hash);
            ps.setString(8, s == null ? null : s.sign(hash));
            ps.setString(9, s == null ? null : s.keyId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return new AuditEntry(seq, Instant.ofEpochMilli(atMs), a, act, json, prev, hash);
    }

    /** Entries with seq greater than {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<AuditEntry> list(long afterSeq, int limit) {
        return db.tx("read audit log", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, details_json, prev_hash, "
                    + "hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT " + Math.max(1, limit))) {
                ps.setLong(1, afterSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Walks the whole chain; reports the first entry that is missing, modified or out of place. */
    public AuditVerification verify() {
        AuditSeal s = seal;
        AuditSeal.Anchors anchors;
        try {
            anchors = s == null ? null : s.anchors();
        } catch (IOException e) {
            return AuditVerification.broken(0, 0, "锚点文件无法读取 (anchor file unreadable): " + e.getMessage());
        }
        Map<Long, List<String>> anchored = new java.util.HashMap<>();
        if (anchors != null) {
            for (AuditSeal.Head h : anchors.heads()) {
                anchored.computeIfAbsent(h.seq(), k -> new ArrayList<>()).add(h.hash());
            }
        }
        return db.tx("verify audit log", c -> {
            long expected = 1;
            String prev = GENESIS;
            long count = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, details_json, prev_hash, "
                    + "hash, sig, key_id FROM audit_log ORDER BY seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry e = map(rs);
                        count++;
                        if (e.seq() != expected) {
                            return AuditVerification.broken(count, expected, e.seq() > expected
                                    ? "entry " + expected + " is missing (deleted); next entry is " + e.seq()
                                    : "unexpected sequence number " + e.seq());
                        }
                        if (!prev.equals(e.prevHash())) {
                            return AuditVerification.broken(count, e.seq(), "prev_hash does not match the hash of "
                                    + "entry " + (e.seq() - 1) + " (entries reordered, replaced or deleted)");
                        }
                        String h = hash(e.prevHash(), e.seq(), e.at().toEpochMilli(), e.actor(), e.action(),
                                e.detailsJson());
                        if (h == null || !h.equals(e.hash())) {
                            return AuditVerification.broken(count, e.seq(),
                                    "content does not match its hash (entry modified)");
                        }
                        if (anchors != null) {
                            String why = sealProblem(s, anchors, anchored, e, rs.getString("sig"),
                                    rs.getString("key_id"));
                            if (why != null) {
                                return AuditVerification.broken(count, e.seq(), why);
                            }
                        }
                        prev = e.hash();
                        expected++;
                    }
                }
            }
            long last = expected - 1;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return AuditVerification.broken(count, last + 1, "chain head record is missing");
                }
                long headSeq = rs.getLong(1);
                String headHash = rs.getString(2);
                if (headSeq != last) {
                    return AuditVerification.broken(count, last + 1, headSeq > last
                            ? "entries " + (last + 1) + ".." + headSeq + " are missing (newest entries deleted)"
                            : "chain head says " + headSeq + " entries but " + last + " exist");
                }
                if (!prev.equals(headHash)) {
                    return AuditVerification.broken(count, last, "chain head hash does not match the newest entry");
                }
            }
            if (anchors != null) {
                long newestAnchored = anchored.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
                if (newestAnchored > last) {
                    return AuditVerification.broken(count, last + 1, "截断 (truncated): 库外锚点记录了第 "
                            + newestAnchored + " 条, 数据库只到第 " + last + " 条 — newest entries deleted and the "
                            + "chain head rolled back");
                }
                return AuditVerification.anchored(count, prev, anchors.heads().size());
            }
            return AuditVerification.ok(count, prev);
        });
    }

    /** What is wrong with an entry the hash chain accepts, against the seal's key and anchors; null: nothing. */
    private static String sealProblem(AuditSeal s, AuditSeal.Anchors anchors, Map<Long, List<String>> anchored,
                                      AuditEntry e, String sig, String keyId) {
        for (String h : anchored.getOrDefault(e.seq(), List.of())) {
            if (!h.equals(e.hash())) {
                return "改写 (rewritten): 与库外锚点记录的哈希不同 — the entry or one before it was edited and the "
                        + "chain re-hashed after the head was anchored";
            }
        }
        boolean mustBeSigned = anchors.signedFrom() != null && e.seq() >= anchors.signedFrom();
        if (sig == null) {
            return mustBeSigned ? "改写 (rewritten): 缺少签名 — entry has no signature (written without the "
                    + "collector's key)" : null;
        }
        if (keyId != null && !keyId.equals(s.keyId())) {
            return "签名密钥不是本采集端的 (signed by key " + keyId + ", this collector's key is " + s.keyId()
                    + "): collectors sharing a database must share keys/";
        }
        if (!s.verify(e.hash(), sig)) {
            return "改写 (rewritten): 签名不符 — the signature does not match the entry (entry edited and the chain "
                    + "re-hashed without the collector's key)";
        }
        return null;
    }

    /** SM3(prev || canonical entry) in hex; null when prev is not valid hex. */
    static String hash(String prevHex, long seq, long atMs, String actor, String action, String details) {
        byte[] prev = Sm3.unhex(prevHex).orElse(null);
        if (prev == null || prev.length != 32) {
            return null;
        }
        return Sm3.hex(Sm3.digest(prev, canonical(seq, atMs, actor, action, details)));
    }

    /** Fixed-width numbers, then length-prefixed UTF-8 strings: unambiguous, no separator can be forged. */
    static byte[] canonical(long seq, long atMs, String actor, String action, String details) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + details.length());
        out.writeBytes(ByteBuffer.allocate(16).putLong(seq).putLong(atMs).array());
        for (String s : new String[] {actor, action, details}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                rs.getString("action"), rs.getString("details_json"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    /** Bounded and NUL-free (PostgreSQL text cannot hold NUL), before hashing so what is stored is what is hashed. */
    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        String v = s.replace('\u0000', '\uFFFD');
        return v.length() <= MAX_TEXT ? v : v.substring(0, MAX_TEXT);
    }
}
