package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** One audit log entry as stored. {@code hash} = SM3(prev_hash || canonical bytes of the entry). */
public record AuditEntry(long seq, Instant at, String actor, String action, String detailsJson, String prevHash,
                         String hash) {}
