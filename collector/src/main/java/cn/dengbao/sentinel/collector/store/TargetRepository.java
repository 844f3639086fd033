package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SSH scan targets. */
public final class TargetRepository {
    private static final String COLS = "name, host, port, username, auth_type, credential_enc, host_key_sha256, "
            + "known_hosts_line, use_sudo, group_name, created_at";
    private final Db db;

    TargetRepository(Db db) {
        this.db = db;
    }

    /** Inserts or replaces the target with this name (created_at kept on replace). */
    public TargetRecord upsert(TargetRecord r) {
        SshTarget t = r.target();
        String fingerprint = t.pin().fingerprint();
        String knownHosts = t.pin().knownHostsText();
        return db.tx("save ssh target", c -> {
            int n = Db.update(c, "UPDATE ssh_targets SET host = ?, port = ?, username = ?, auth_type = ?, "
                    + "credential_enc = ?, host_key_sha256 = ?, known_hosts_line = ?, use_sudo = ?, group_name = ? "
                    + "WHERE name = ?", t.host(), t.port(), t.username(), r.authType(), r.credentialEnc(),
                    fingerprint, knownHosts, t.useSudo(), t.group(), t.name());
            if (n == 0) {
                Db.update(c, "INSERT INTO ssh_targets (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        t.name(), t.host(), t.port(), t.username(), r.authType(), r.credentialEnc(),
                        fingerprint, knownHosts, t.useSudo(), t.group(),
                        (r.createdAt() == null ? Instant.now() : r.createdAt()).toEpochMilli());
            }
            return byName(c, t.name()).orElseThrow();
        });
    }

    public Optional<TargetRecord> byName(String name) {
        return db.tx("read ssh target", c -> byName(c, name));
    }

    private static Optional<TargetRecord> byName(Connection c, String name) throws SQLException {
        return Db.queryOne(c, "SELECT " + COLS + " FROM ssh_targets WHERE name = ?", TargetRepository::map, name);
    }

    /** Targets of a group, or all when {@code group} is null. */
    public List<TargetRecord> list(String group) {
        return db.tx("list ssh targets", c -> group == null
                ? Db.query(c, "SELECT " + COLS + " FROM ssh_targets ORDER BY name", TargetRepository::map)
                : Db.query(c, "SELECT " + COLS + " FROM ssh_targets WHERE group_name = ? ORDER BY name",
                        TargetRepository::map, group));
    }

    public boolean delete(String name) {
        return db.tx("delete ssh target", c -> Db.update(c, "DELETE FROM ssh_targets WHERE name = ?", name) > 0);
    }

    private static TargetRecord map(ResultSet rs) throws SQLException {
        SshTarget target = new SshTarget(rs.getString("name"), rs.getString("host"), rs.getInt("port"),
                rs.getString("username"), rs.getBoolean("use_sudo"), rs.getString("group_name"),
                HostKeyPin.stored(rs.getString("host_key_sha256"), rs.getString("known_hosts_line")));
        return new TargetRecord(target, rs.getString("auth_type"), rs.getBytes("credential_enc"),
                Db.instant(rs, "created_at"));
    }
}
