package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.agent.daemon.FactSource;
import cn.dengbao.sentinel.agent.daemon.LocalFacts;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.proto.Evaluation;

/**
 * WIRING POINT for the lead: the rule engine that judges agent reports and the fact source of the demo's
 * in-process agent. Until the checks engine is wired, reports are stored with an empty evaluation.
 */
public final class Wiring {
    private Wiring() {
    }

    public static Evaluator evaluator() {
        return facts -> Evaluation.newBuilder()
                .setHost(facts.getHost().getHostname())
                .setReportId(facts.getReportId())
                .setEvaluatedAtEpochMs(System.currentTimeMillis())
                .build();
    }

    public static FactSource localFacts(String version) {
        return LocalFacts.create(version);
    }
}
