package cn.dengbao.sentinel.collector.store;

import java.io.IOException;
import java.util.List;

/**
 * What anchors the audit log outside the database: a key that signs each entry's hash and an append-only file
 * of chain heads, both in the collector's data directory. Someone who can only write the database can neither
 * sign a rewritten entry nor take back a head already written to the file.
 */
public interface AuditSeal {

    /** Names the signing key (SM3 of its public key, hex). */
    String keyId();

    /** Signature over an entry hash (hex), base64. */
    String sign(String entryHash);

    /** Whether {@code sig} is this key's signature over {@code entryHash}. */
    boolean verify(String entryHash, String sig);

    /** Appends a chain head to the anchor file (durably), unless it is the one written last. */
    void anchor(long seq, String hash) throws IOException;

    /** The anchor file's contents: the first sequence number that must be signed, and every head written. */
    Anchors anchors() throws IOException;

    /**
     * {@code signedFrom}: entries with this sequence number or later must carry a signature (the head + 1 when
     * the anchor file was started; null when there is no anchor file yet). {@code heads} oldest first.
     */
    record Anchors(Long signedFrom, List<Head> heads) {}

    record Head(long seq, String hash) {}

    /** Starts the anchor file if it does not exist, recording that entries after {@code headSeq} are signed. */
    void start(long headSeq) throws IOException;
}
