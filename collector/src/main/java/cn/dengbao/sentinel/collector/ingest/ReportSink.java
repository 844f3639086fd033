package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;

/**
 * Durable storage of agent reports. {@link #store} must write the report and its evaluation in one transaction
 * and be idempotent per report id: the agent is acked only after it returns, and resends after a lost ack.
 * Must be safe for concurrent use without a global lock.
 */
public interface ReportSink {

    /** @return true when newly stored, false when this report id was already stored (a resend). */
    boolean store(String agentId, FactReport report, Evaluation evaluation) throws Exception;

    /** Cheap pre-check so a resend is not evaluated again; may return false when unsure. */
    default boolean alreadyStored(String reportId) throws Exception {
        return false;
    }
}
