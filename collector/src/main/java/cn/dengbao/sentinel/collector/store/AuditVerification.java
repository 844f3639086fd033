package cn.dengbao.sentinel.collector.store;

/**
 * Result of {@link AuditLog#verify()}: ok, or the first broken entry (seq) and what is wrong with it.
 * {@code headHash} is the hash of the newest entry: record it elsewhere (a report, a ticket) to anchor the chain.
 */
public record AuditVerification(boolean ok, long entries, Long firstBadSeq, String problem, String headHash) {

    static AuditVerification ok(long entries, String headHash) {
        return new AuditVerification(true, entries, null, null, headHash);
    }

    static AuditVerification broken(long entries, long seq, String problem) {
        return new AuditVerification(false, entries, seq, problem, null);
    }
}
