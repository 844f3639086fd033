package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

/** Judges facts (the checks engine). Must be thread-safe: reports are evaluated in parallel. */
@FunctionalInterface
public interface Evaluator {
    Evaluation evaluate(Facts facts) throws Exception;

    /**
     * Judges a report of an enrolled agent. Implementations that weigh host attributes (compensating measures
     * set by the operator) should find the host by the agent (its certificate), not by the host name the facts
     * claim: two servers may both call themselves {@code localhost.localdomain}.
     */
    default Evaluation evaluate(String agentId, Facts facts) throws Exception {
        return evaluate(facts);
    }
}
