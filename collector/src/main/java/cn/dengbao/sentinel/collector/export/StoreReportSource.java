package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
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
        return snapshots(hosts, null);
    }

    /**
     * Each host's scan as of {@code asOf} (null = latest), with the lifecycle as it stood then: findings first
     * seen later are left out, fixes and decisions made later are undone. A finding reopened after the date was
     * fixed at the date, but the store no longer knows when: it shows as fixed without a time.
     */
    public List<HostSnapshot> snapshots(List<Host> hosts, Instant asOf) {
        List<HostSnapshot> out = new ArrayList<>();
        StoreHistory history = new StoreHistory(store);
        for (Host h : hosts) {
            Optional<ScanSummary> scan = asOf == null ? store.scans().latest(h.id()) : store.scans().asOf(h.id(), asOf);
            if (scan.isEmpty()) {
                continue;
            }
            Evaluation ev = store.scans().evaluation(scan.get().id()).orElse(null);
            if (ev == null) {
                continue;
            }
            Facts facts = store.reports().byId(scan.get().reportId()).map(StoredFacts::facts).orElse(null);
            Map<String, LifecycleRecord> lc = new HashMap<>();
            List<FindingRecord> all = store.findings().all(h.id());
            for (FindingRecord f : all) {
                if (asOf != null && f.firstSeenAt() != null && f.firstSeenAt().isAfter(asOf)) {
                    continue;
                }
                Instant fixedAt = f.fixedAt();
                boolean open = f.open();
                Decision decision = f.decision();
                if (asOf != null) {
                    if (fixedAt != null && fixedAt.isAfter(asOf)) {
                        fixedAt = null;
                        open = true;
                    } else if (open && f.openedAt() != null && f.openedAt().isAfter(asOf)) {
                        open = false;
                    }
                    if (f.decisionAt() != null && f.decisionAt().isAfter(asOf)) {
                        decision = null;
                    }
                }
                lc.put(f.ruleId(), new LifecycleRecord(h.id(), h.name(), h.group(), f.ruleId(), f.clause(), f.risk(),
                        f.majorHazard(), f.firstSeenAt(), f.openedAt(), fixedAt, open, f.reopenCount(), decision));
            }
            out.add(new HostSnapshot(h.name(), h.group(), Long.toString(scan.get().id()), ev, facts, lc,
                    history.of(h.id(), all, asOf)));
        }
        return out;
    }

    /** Lifecycle records for KPIs (open at any time since {@code since}), limited to the hosts in scope. */
    public List<LifecycleRecord> lifecycle(String group, List<Host> hosts, Instant since) {
        return lifecycle(group, hosts, since, null);
    }

    /**
     * As {@link #lifecycle(String, List, Instant)}, reconstructed as of a past date: records first seen later
     * are left out, later fixes undone; a record reopened after the date is left out (its earlier fix time is
     * no longer known).
     */
    public List<LifecycleRecord> lifecycle(String group, List<Host> hosts, Instant since, Instant asOf) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        hosts.forEach(h -> ids.add(h.id()));
        List<LifecycleRecord> out = new ArrayList<>();
        for (LifecycleRecord r : store.findings().lifecycle(group, since)) {
            if (!ids.contains(r.hostId())) {
                continue;
            }
            if (asOf != null) {
                if (r.firstSeenAt() != null && r.firstSeenAt().isAfter(asOf)) {
                    continue;
                }
                if (r.open() && r.openedAt() != null && r.openedAt().isAfter(asOf)) {
                    continue;
                }
                if (r.fixedAt() != null && r.fixedAt().isAfter(asOf)) {
                    r = r.as(null, true, r.decision());
                }
            }
            out.add(r);
        }
        return out;
    }
}
