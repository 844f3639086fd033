package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/**
 * An enrolled agent: its client certificate ({@code certSha256} pins the one certificate issued to it), its status
 * (active or revoked), and the host it reports for with that host's name, OS and group as the host row has them.
 * Host name, OS and group are never null ("" when unknown).
 */
public record AgentRecord(String id, String hostId, String hostname, String osPrettyName, String group,
                          String version, String certSerial, String certSha256, String status, String ip,
                          Instant enrolledAt, Instant lastSeenAt, Instant lastReportAt) {
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public AgentRecord {
        hostname = hostname == null ? "" : hostname;
        osPrettyName = osPrettyName == null ? "" : osPrettyName;
        group = group == null ? "" : group;
    }

    /** A new enrolment, active, before the registry has placed it on a host (the host id is then null). */
    public static AgentRecord enrolment(String id, String hostname, String osPrettyName, String version, String group,
                                        String certSerial, String certSha256, String ip, Instant enrolledAt) {
        return new AgentRecord(id, null, hostname, osPrettyName, group, version, certSerial, certSha256, ACTIVE, ip,
                enrolledAt, null, null);
    }

    public boolean revoked() {
        return REVOKED.equals(status);
    }
}
