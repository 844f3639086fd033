package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/**
 * An enrolled agent: its client certificate ({@code certSha256} pins the one certificate issued to it), its status
 * (active or revoked), and the host it reports for with that host's name, OS and group as the host row has them.
 * Host name, OS and group are never null ("" when unknown). {@code machine} holds the identifiers sent at
 * enrolment; {@code duplicateOf} is the id of the host this agent's host may duplicate ("" when none or merged).
 */
public record AgentRecord(String id, String hostId, String hostname, String osPrettyName, String group,
                          String version, String certSerial, String certSha256, String status, String ip,
                          Instant enrolledAt, Instant lastSeenAt, Instant lastReportAt, MachineIds machine,
                          String duplicateOf) {
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public AgentRecord {
        hostname = hostname == null ? "" : hostname;
        osPrettyName = osPrettyName == null ? "" : osPrettyName;
        group = group == null ? "" : group;
        machine = machine == null ? MachineIds.NONE : machine;
        duplicateOf = duplicateOf == null ? "" : duplicateOf;
    }

    /** A new enrolment, active, before the registry has placed it on a host (the host id is then null). */
    public static AgentRecord enrolment(String id, String hostname, String osPrettyName, String version, String group,
                                        String certSerial, String certSha256, String ip, Instant enrolledAt) {
        return enrolment(id, hostname, osPrettyName, version, group, certSerial, certSha256, ip, enrolledAt,
                MachineIds.NONE);
    }

    /** {@link #enrolment} with the machine identifiers the agent sent. */
    public static AgentRecord enrolment(String id, String hostname, String osPrettyName, String version, String group,
                                        String certSerial, String certSha256, String ip, Instant enrolledAt,
                                        MachineIds machine) {
        return new AgentRecord(id, null, hostname, osPrettyName, group, version, certSerial, certSha256, ACTIVE, ip,
                enrolledAt, null, null, machine, null);
    }

    /** The same agent with another status (the in-memory registry of tests and benchmarks). */
    public AgentRecord withStatus(String newStatus) {
        return new AgentRecord(id, hostId, hostname, osPrettyName, group, version, certSerial, certSha256, newStatus,
                ip, enrolledAt, lastSeenAt, lastReportAt, machine, duplicateOf);
    }

    /** The same agent seen again. */
    public AgentRecord seen(Instant at, String newVersion, String newHostname) {
        return new AgentRecord(id, hostId, newHostname == null || newHostname.isEmpty() ? hostname : newHostname,
                osPrettyName, group, newVersion == null || newVersion.isEmpty() ? version : newVersion, certSerial,
                certSha256, status, ip, enrolledAt, at, lastReportAt, machine, duplicateOf);
    }

    public boolean revoked() {
        return REVOKED.equals(status);
    }
}
