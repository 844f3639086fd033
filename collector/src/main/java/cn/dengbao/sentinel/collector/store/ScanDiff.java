package cn.dengbao.sentinel.collector.store;

import java.util.List;

/**
 * What changed between two scans of a host. Failing = FAIL or PARTIAL.
 * newlyFailing: failing in {@code to} but not in {@code from}; fixed: failing in {@code from}, PASS or N/A in
 * {@code to}; stillOpen: failing in both; unverified: failing in {@code from} but MANUAL, ERROR or absent in
 * {@code to} (the later scan could not tell).
 */
public record ScanDiff(String hostId, ScanSummary from, ScanSummary to, List<Entry> newlyFailing,
                       List<Entry> fixed, List<Entry> stillOpen, List<Entry> unverified) {

    /** One rule in a diff; statuses are null where the rule is absent from that scan. */
    public record Entry(String ruleId, String clause, String title, cn.dengbao.sentinel.proto.Risk risk,
                        cn.dengbao.sentinel.proto.Status fromStatus, cn.dengbao.sentinel.proto.Status toStatus) {}
}
