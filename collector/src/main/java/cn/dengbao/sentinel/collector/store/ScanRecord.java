package cn.dengbao.sentinel.collector.store;

/** Outcome of {@link ScanRepository#recordScan}: the scan id and whether this call stored it (false = resend). */
public record ScanRecord(long scanId, boolean isNew) {}
