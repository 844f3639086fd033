package cn.dengbao.sentinel.collector.store;

import java.util.List;

/** A host's state as shown by one scan: the scan and every rule's verdict in it. */
public record HostState(ScanSummary scan, List<ScanResult> results) {}
