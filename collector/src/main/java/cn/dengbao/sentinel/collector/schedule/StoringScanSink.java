package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.vulns.VulnAssessor;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

/**
 * Judges the facts of each scanned host with the rule engine, using the attributes the operator set on that host,
 * and records report, scan and findings lifecycle in one transaction — the same path an agent's report takes, so a
 * host's findings do not depend on how its facts were gathered.
 */
public final class StoringScanSink implements ScanSink {

    private final Store store;
    private final String trigger;
    private final RuleEngine engine;
    private final VulnAssessor vulns;

    public StoringScanSink(Store store, String trigger, RuleEngine engine) {
        this(store, trigger, engine, new VulnAssessor(store));
    }

    /** {@code vulns}: shared by the sinks of one collector, so each stream's index is built once. */
    public StoringScanSink(Store store, String trigger, RuleEngine engine, VulnAssessor vulns) {
        this.store = store;
        this.trigger = trigger;
        this.engine = engine;
        this.vulns = vulns;
    }

    @Override
    public void factsArrived(String hostName, String group, Facts facts) {
        Host host = store.hosts().ensure(hostName, group, Host.SOURCE_SSH);
        Evaluation ev = vulns.apply(engine.evaluate(facts, host.attributes()), facts, host.attributes());
        store.scans().recordScan(host.id(), facts.getReportId(), facts, ev, trigger);
    }
}
