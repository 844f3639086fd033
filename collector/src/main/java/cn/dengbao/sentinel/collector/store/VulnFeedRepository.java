package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.text.PlainText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Imported vulnerability feeds (V6). An import replaces, in one transaction, the records of every stream the bundle
 * covers, so a stream never holds a mix of two bundles' data and its age is that of the data it holds.
 */
public final class VulnFeedRepository {
    private static final int BATCH = 1000;

    private final Db db;
    private final AuditLog audit;

    VulnFeedRepository(Db db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Stores a verified bundle. Returns the bundle id. */
    public long importBundle(String fileName, String fileSm3, String signerKeySm3, Instant createdAt, Instant now,
                             String importedBy, List<FeedSource> sources, List<VulnRecord> records) {
        Map<String, List<VulnRecord>> byStream = new TreeMap<>();
        for (VulnRecord r : records) {
            byStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r);
        }
        Map<String, FeedSource> sourceByName = new LinkedHashMap<>();
        for (FeedSource s : sources) {
            sourceByName.put(s.name(), s);
        }
        String by = PlainText.clip(importedBy, 128);
        return db.tx("import vulnerability bundle", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vuln_bundles (file_name, file_sm3, "
                    + "signer_key_sm3, created_at, imported_at, imported_by, record_count, sources_json) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                Db.bind(ps, PlainText.clip(fileName, 255), fileSm3, signerKeySm3, createdAt, now, by, records.size(),
                        Json.write(sources.stream().map(s -> Map.of("name", s.name(), "originUrl", s.originUrl(),
                                "retrievedAt", s.retrievedAt().toString(), "sha256", s.sha256(), "licence", s.licence(),
                                "records", s.records())).toList()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            for (Map.Entry<String, List<VulnRecord>> e : byStream.entrySet()) {
                String stream = e.getKey();
                Db.update(c, "DELETE FROM vuln_records WHERE stream = ?", stream);
                Db.update(c, "DELETE FROM vuln_streams WHERE stream = ?", stream);
                insert(c, e.getValue());
                TreeSet<String> names = new TreeSet<>();
                Instant oldest = null;
                for (VulnRecord r : e.getValue()) {
                    if (names.add(r.source())) {
                        FeedSource s = sourceByName.get(r.source());
                        Instant t = s == null ? createdAt : s.retrievedAt();
                        oldest = oldest == null || t.isBefore(oldest) ? t : oldest;
                    }
                }
                Db.update(c, "INSERT INTO vuln_streams (stream, bundle_id, retrieved_at, record_count, sources) "
                        + "VALUES (?, ?, ?, ?, ?)", stream, id, oldest, e.getValue().size(),
                        PlainText.clip(String.join(",", names), 1024));
            }
            audit.append(c, by, "vulns.import", Map.of("file", PlainText.clip(fileName, 255), "sm3", fileSm3,
                    "signer", signerKeySm3, "records", records.size(), "streams", List.copyOf(byStream.keySet())), now);
            return id;
        });
    }

    private static void insert(java.sql.Connection c, List<VulnRecord> records) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO vuln_records (stream, package, package_kind, "
                + "fixed_version, status, advisories, cves, severity, cvss3, kev, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (VulnRecord r : records) {
                Db.bind(ps, r.stream(), PlainText.clip(r.pkg(), 255), r.kind(), PlainText.clip(r.fixedVersion(), 255),
                        r.status().name(), PlainText.clip(String.join(",", r.advisories()), 1024),
                        PlainText.clip(String.join(",", r.cves()), 4096), PlainText.clip(r.severity(), 32),
                        r.cvss3() == null ? null : r.cvss3().toString(), r.kev(), PlainText.clip(r.source(), 64));
                ps.addBatch();
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Every stream with data, by name. */
    public List<VulnStreamStatus> streams() {
        return db.tx("read vulnerability streams", c -> Db.query(c, "SELECT s.stream, s.bundle_id, s.retrieved_at, "
                + "s.record_count, s.sources, b.imported_at, b.file_name FROM vuln_streams s JOIN vuln_bundles b "
                + "ON b.id = s.bundle_id ORDER BY s.stream", rs -> new VulnStreamStatus(rs.getString(1), rs.getLong(2),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
                rs.getString(7))));
    }

    /** The records of one stream (empty when it has none). */
    public List<VulnRecord> records(String stream) {
        return db.tx("read vulnerability records", c -> Db.query(c, "SELECT stream, package, package_kind, "
                + "fixed_version, status, advisories, cves, severity, cvss3, kev, source FROM vuln_records "
                + "WHERE stream = ? ORDER BY id", rs -> new VulnRecord(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), VulnRecord.Status.valueOf(rs.getString(5)), split(rs.getString(6)),
                split(rs.getString(7)), rs.getString(8), rs.getString(9) == null ? null
                : Double.valueOf(rs.getString(9)), rs.getBoolean(10), rs.getString(11)), stream));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
