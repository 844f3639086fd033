package cn.dengbao.sentinel.collector.enroll;

import java.time.Instant;

/** An enrolled agent as the collector knows it. {@code certSha256} pins the one certificate issued to it. */
public record AgentRecord(String id, String hostname, String osPrettyName, String version, String group,
                          String certSerial, String certSha256, boolean revoked, String ip,
                          Instant enrolledAt, Instant lastSeenAt) {
}
