package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Hosts and their operator-set attributes. */
public final class HostRepository {
    private static final String COLS =
            "id, name, hostname, group_name, source, os_pretty, kernel, attributes_json, created_at, last_seen_at";

    private final Db db;

    HostRepository(Db db) {
        this.db = db;
    }

    /**
     * Inserts the host, or updates name, hostname, group, source, OS and kernel of an existing one (by id).
     * Attributes and created_at of an existing host are kept (use {@link #setAttributes}). Null fields of
     * {@code h} (other than id and name) leave the stored value unchanged.
     */
    public Host upsert(Host h) {
        if (h.id() == null || h.id().isBlank() || h.name() == null || h.name().isBlank()) {
            throw new IllegalArgumentException("host id and name are required");
        }
        return db.tx("upsert host", c -> {
            upsert(c, h);
            return byId(c, h.id()).orElseThrow();
        });
    }

    static void upsert(Connection c, Host h) throws SQLException {
        String update = "UPDATE hosts SET name = ?, hostname = COALESCE(?, hostname), "
                + "group_name = COALESCE(?, group_name), source = COALESCE(?, source), "
                + "os_pretty = COALESCE(?, os_pretty), kernel = COALESCE(?, kernel) WHERE id = ?";
        Object[] params = {h.name(), h.hostname(), h.group(), h.source(), h.osPretty(), h.kernel(), h.id()};
        if (Db.update(c, update, params) > 0) {
            return;
        }
        Db.update(c, "INSERT INTO hosts (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                h.id(), h.name(), h.hostname(), h.group(), h.source() == null ? Host.SOURCE_FILE : h.source(),
                h.osPretty(), h.kernel(), Json.write(new TreeMap<>(h.attributes())),
                Db.millis(h.createdAt() == null ? Instant.now() : h.createdAt()), Db.millis(h.lastSeenAt()));
    }

    /**
     * Returns the host with this name, creating it (random id) when absent. Used by SSH and file scans, where the
     * operator-facing name is the identity.
     */
    public Host ensure(String name, String group, String source) {
        return db.tx("ensure host", c -> {
            Optional<Host> existing = byName(c, name);
            if (existing.isPresent()) {
                return existing.get();
            }
            upsert(c, Host.of(UUID.randomUUID().toString(), name, group, source));
            return byName(c, name).orElseThrow();
        });
    }

    public Optional<Host> byId(String id) {
        return db.tx("read host", c -> byId(c, id));
    }

    static Optional<Host> byId(Connection c, String id) throws SQLException {
        return Db.queryOne(c, "SELECT " + COLS + " FROM hosts WHERE id = ?", HostRepository::map, id);
    }

    public Optional<Host> byName(String name) {
        return db.tx("read host", c -> byName(c, name));
    }

    static Optional<Host> byName(Connection c, String name) throws SQLException {
        return Db.queryOne(c, "SELECT " + COLS + " FROM hosts WHERE name = ?", HostRepository::map, name);
    }

    /** Looks a host up by id, then by name: what CLI users type. */
    public Optional<Host> find(String idOrName) {
        return db.tx("read host", c -> {
            Optional<Host> h = byId(c, idOrName);
            return h.isPresent() ? h : byName(c, idOrName);
        });
    }

    /**
     * Hosts of a group, or all hosts when {@code group} is null; ordered by name. A host an operator merged into
     * another ({@code agents merge}) is not listed: its history stays readable by id, it is no longer a host.
     */
    public List<Host> list(String group) {
        return db.tx("list hosts", c -> group == null
                ? Db.query(c, "SELECT " + COLS + " FROM hosts WHERE merged_into IS NULL ORDER BY name",
                        HostRepository::map)
                : Db.query(c, "SELECT " + COLS + " FROM hosts WHERE group_name = ? AND merged_into IS NULL "
                        + "ORDER BY name", HostRepository::map, group));
    }

    /** Ids of the hosts (not merged away) whose reported host name is {@code hostname}. */
    public List<String> idsByHostname(String hostname) {
        return db.tx("find hosts by host name", c -> Db.query(c, "SELECT id FROM hosts WHERE hostname = ? "
                + "AND merged_into IS NULL ORDER BY created_at", rs -> rs.getString(1), hostname));
    }

    /** Marks a host as a possible duplicate (reinstall, clone or impostor) of {@code of}, saying why. */
    public void markDuplicate(String hostId, String of, String reason) {
        db.tx("mark duplicate host", c -> Db.update(c, "UPDATE hosts SET duplicate_of = ?, duplicate_reason = ? "
                + "WHERE id = ?", of, reason, hostId));
    }

    /** The reason a host is marked as a possible duplicate, empty when it is not. */
    public Optional<String> duplicateReason(String hostId) {
        return db.tx("read host", c -> Db.queryOne(c, "SELECT duplicate_reason FROM hosts WHERE id = ? "
                + "AND duplicate_of IS NOT NULL", rs -> rs.getString(1), hostId));
    }

    /**
     * An operator's decision on a possible duplicate: the agent reports for {@code targetHostId} from now on and
     * its former host is retired ({@code merged_into}, history kept, no longer listed); or, with a null target, the
     * agent's host is another machine after all and keeps its own record (the mark is cleared). Returns the
     * agent's former host id.
     */
    public String mergeAgent(String agentId, String targetHostId) {
        return db.tx("merge agent host", c -> {
            String former = Db.queryOne(c, "SELECT host_id FROM agents WHERE id = ?", rs -> rs.getString(1), agentId)
                    .orElseThrow(() -> new StoreException("unknown agent " + agentId));
            if (targetHostId == null || targetHostId.equals(former)) {
                Db.update(c, "UPDATE hosts SET duplicate_of = NULL, duplicate_reason = NULL WHERE id = ?", former);
                return former;
            }
            if (byId(c, targetHostId).isEmpty()) {
                throw new StoreException("unknown host " + targetHostId);
            }
            Db.update(c, "UPDATE agents SET host_id = ? WHERE id = ?", targetHostId, agentId);
            StoreChanges.append(c, StoreChanges.AGENT_HOST, agentId);
            Db.update(c, "UPDATE hosts SET merged_into = ?, duplicate_of = NULL, duplicate_reason = NULL "
                    + "WHERE id = ?", targetHostId, former);
            return former;
        });
    }

    /** Merges attributes into the host's attributes; a null value removes the key. Returns the new set. */
    public Map<String, String> setAttributes(String hostId, Map<String, String> changes) {
        return db.tx("set host attributes", c -> {
            Host h = Db.queryOne(c, "SELECT " + COLS + " FROM hosts WHERE id = ? FOR UPDATE",
                    HostRepository::map, hostId).orElseThrow(() -> new StoreException("unknown host " + hostId));
            Map<String, String> merged = new TreeMap<>(h.attributes());
            changes.forEach((k, v) -> {
                if (v == null) {
                    merged.remove(k);
                } else {
                    merged.put(k, v);
                }
            });
            Db.update(c, "UPDATE hosts SET attributes_json = ? WHERE id = ?", Json.write(merged), hostId);
            StoreChanges.append(c, StoreChanges.HOST_ATTRIBUTES, hostId);
            return Map.copyOf(merged);
        });
    }

    public void touch(String hostId, Instant at) {
        db.tx("touch host", c -> Db.update(c,
                "UPDATE hosts SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
                at.toEpochMilli(), hostId, at.toEpochMilli()));
    }

    static Host map(ResultSet rs) throws SQLException {
        return new Host(rs.getString("id"), rs.getString("name"), rs.getString("hostname"),
                rs.getString("group_name"), rs.getString("source"), rs.getString("os_pretty"),
                rs.getString("kernel"), Json.stringMap(rs.getString("attributes_json")),
                Db.instant(rs, "created_at"), Db.instant(rs, "last_seen_at"));
    }
}
