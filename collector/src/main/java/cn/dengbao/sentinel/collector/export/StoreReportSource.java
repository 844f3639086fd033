package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.LifecycleRecord;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.ScanSummary;
import cn.dengbao.sentinel.collector.store.StoredFacts;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the reports need from the store: each host's latest scan, its facts, and the findings lifecycle. */
public final class StoreReportSource {
    private final Store store;

    public StoreReportSource(Store store) {
        this.store = store;
    }

    /** Hosts in scope: one host (by id or name), or a group, or all hosts when both are null. */
    public List<Host> hosts(String group, String host) {
        if (host != null) {
            return store.hosts().find(host).map(List::of)
                    .orElseThrow(() -> new IllegalArgumentException("未找到主机: " + host));
        }
        List<Host> hosts = store.hosts().list(group);
        if (group != null && hosts.isEmpty()) {
            throw new IllegalArgumentException("分组中没有主机: " + group);
        }
        return hosts;
    }

    /** The latest scan of each host; hosts never scanned are left out (there is nothing to report on). */
    public List<HostSnapshot> snapshots(List<Host> hosts) {
        List<HostSnapshot> out = new ArrayList<>();
        for (Host h : hosts) {
            Optional<ScanSummary> scan = store.scans().latest(h.id());
            if (scan.isEmpty()) {
                continue;
            }
            Evaluation ev = store.scans().evaluation(scan.get().id()).orElse(null);
            if (ev == null) {
                continue;
            }
            Facts facts = store.reports().byId(scan.get().reportId()).map(StoredFacts::facts).orElse(null);
            Map<String, FindingLifecycle> lc = new HashMap<>();
            for (FindingRecord f : store.findings().all(h.id())) {
                lc.put(f.ruleId(), new FindingLifecycle(f.firstSeenAt(), f.fixedAt(), f.open(),
                        f.decision() == null ? null : f.decision().code(), f.majorHazard()));
            }
            out.add(new HostSnapshot(h.name(), h.group(), Long.toString(scan.get().id()), ev, facts, lc));
        }
        return out;
    }

    /** Lifecycle records for KPIs (open at any time since {@code since}), limited to the hosts in scope. */
    public List<LifecycleRecord> lifecycle(String group, List<Host> hosts, Instant since) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        hosts.forEach(h -> ids.add(h.id()));
        List<LifecycleRecord> out = new ArrayList<>();
        for (cn.dengbao.sentinel.collector.store.LifecycleRecord r : store.findings().lifecycle(group, since)) {
            if (ids.contains(r.hostId())) {
                out.add(convert(r));
            }
        }
        return out;
    }

    /** Days to fix count from the latest (re)opening, so a regression is timed from when it came back. */
    static LifecycleRecord convert(cn.dengbao.sentinel.collector.store.LifecycleRecord r) {
        return new LifecycleRecord(r.hostId(), r.hostName(), r.group(), r.ruleId(), r.clause(), r.risk(),
                r.openedAt() != null ? r.openedAt() : r.firstSeenAt(), r.fixedAt(), r.open(),
                r.decision() == null ? null : r.decision().code());
    }
}
