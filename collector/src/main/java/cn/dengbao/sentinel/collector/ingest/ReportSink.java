package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable storage of agent reports. {@link #store} must write the report and its evaluation in one transaction
 * and be idempotent per report id: the agent is acked only after it returns, and resends after a lost ack.
 * Must be safe for concurrent use without a global lock.
 */
public interface ReportSink {

    /** An evaluated report waiting to be stored. */
    record Pending(String agentId, FactReport report, Evaluation evaluation) {
    }

    /** @return true when newly stored, false when this report id was already stored (a resend). */
    boolean store(String agentId, FactReport report, Evaluation evaluation) throws Exception;

    /**
     * Stores several reports, ideally in one transaction (group commit). Same guarantees per report as
     * {@link #store}; reports of one agent are applied in list order. When it returns, every report is durable;
     * when it throws, the caller must assume none is (it retries them one by one, which is safe: idempotent).
     *
     * @return per report, in order: true when newly stored, false when already stored (earlier or in this list)
     */
    default List<Boolean> storeAll(List<Pending> reports) throws Exception {
        List<Boolean> out = new ArrayList<>(reports.size());
        for (Pending p : reports) {
            out.add(store(p.agentId(), p.report(), p.evaluation()));
        }
        return out;
    }
}
