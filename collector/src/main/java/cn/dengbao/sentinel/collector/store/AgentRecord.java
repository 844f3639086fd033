package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** An enrolled agent and its client certificate. status: active or revoked. */
public record AgentRecord(String id, String hostId, String certSerial, String certSha256, String status,
                          String version, String ip, Instant enrolledAt, Instant lastSeenAt, Instant lastReportAt) {
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";
}
