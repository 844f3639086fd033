package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Facts;
import java.time.Instant;

/** Facts as stored with their report. */
public record StoredFacts(String reportId, String hostId, Instant receivedAt, String trigger, Facts facts) {}
