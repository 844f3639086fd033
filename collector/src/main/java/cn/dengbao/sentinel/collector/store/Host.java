package cn.dengbao.sentinel.collector.store;

import java.time.Instant;
import java.util.Map;

/**
 * A scanned host. {@code attributes} are operator-set context the host cannot show (internet_facing,
 * mfa_bastion, network_antimalware, central_backup ...) which rules read for risk.
 */
public record Host(String id, String name, String hostname, String group, String source, String osPretty,
                   String kernel, Map<String, String> attributes, Instant createdAt, Instant lastSeenAt) {

    public static final String SOURCE_AGENT = "agent";
    public static final String SOURCE_SSH = "ssh";
    public static final String SOURCE_FILE = "file";

    public Host {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A new host description for {@link HostRepository#upsert}; times are filled in by the store. */
    public static Host of(String id, String name, String group, String source) {
        return new Host(id, name, name, group, source, null, null, Map.of(), null, null);
    }

    public Host withOs(String osPretty, String kernel) {
        return new Host(id, name, hostname, group, source, osPretty, kernel, attributes, createdAt, lastSeenAt);
    }

    public Host withHostname(String hostname) {
        return new Host(id, name, hostname, group, source, osPretty, kernel, attributes, createdAt, lastSeenAt);
    }
}
