package cn.dengbao.sentinel.collector.store;

/**
 * Result of {@link AuditLog#verify()}: ok, or the first broken entry (seq) and what is wrong with it.
 * {@code headHash} is the hash of the newest entry. {@code anchored}: the entries' signatures and the anchor file
 * outside the database were checked too ({@code anchorHeads} heads in it).
 */
public record AuditVerification(boolean ok, long entries, Long firstBadSeq, String problem, String headHash,
                                boolean anchored, int anchorHeads) {

    static AuditVerification ok(long entries, String headHash) {
        return new AuditVerification(true, entries, null, null, headHash, false, 0);
    }

    /** Intact, and signatures and the anchor file outside the database agree. */
    static AuditVerification anchored(long entries, String headHash, int anchorHeads) {
        return new AuditVerification(true, entries, null, null, headHash, true, anchorHeads);
    }

    static AuditVerification broken(long entries, long seq, String problem) {
        return new AuditVerification(false, entries, seq, problem, null, false, 0);
    }
}
