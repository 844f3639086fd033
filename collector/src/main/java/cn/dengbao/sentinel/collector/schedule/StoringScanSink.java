package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Facts;

/**
 * Keeps the facts of each scanned host as a report of host {@code <target name>} (source ssh). Evaluation and
 * the findings lifecycle are added by wrapping this sink where the checks engine is wired.
 */
public final class StoringScanSink implements ScanSink {

    private final Store store;
    private final String trigger;

    public StoringScanSink(Store store, String trigger) {
        this.store = store;
        this.trigger = trigger;
    }

    @Override
    public void factsArrived(String hostName, String group, Facts facts) {
        Host host = store.hosts().ensure(hostName, group, Host.SOURCE_SSH);
        store.reports().storeReport(host.id(), facts.getReportId(), trigger, facts);
    }
}
