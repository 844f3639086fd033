package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a bundle from local copies of the vendors' own files in one directory (searched recursively): Debian security
 * tracker JSON, Ubuntu OSV (loose JSON or Canonical's {@code osv-all.tar.xz}), Red Hat and openEuler CSAF/VEX, openEuler CVRF,
 * Anolis OVAL XML, the CISA KEV catalogue (marks records known-exploited), and CSV or YAML advisories for Kylin/UOS. Each
 * file is recognised by its content, not its name. A source's retrieval time is the
 * newest modification time of its files (when the copy was made) and its SHA-256 that of its single file, or of the
 * sorted "sha256 name" lines of its files. A file that is none of these is an error, so nothing is silently left out.
 */
public final class BundleBuilder {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OPENEULER_ORIGIN = "https://repo.openeuler.org/security/data/ (csaf/, cvrf/)";
    private static final String OPENEULER_LICENCE = "openEuler security data (openEuler community terms)";

    private final Map<String, SourceAcc> sources = new TreeMap<>();
    private final List<VulnRecord> records = new ArrayList<>();
    private Set<String> kev;

    private static final class SourceAcc {
        final String origin;
        final String licence;
        final Map<String, String> files = new TreeMap<>();
        Instant newest = Instant.EPOCH;
        int count;

        SourceAcc(String origin, String licence) {
            this.origin = origin;
            this.licence = licence;
        }
    }

    /** Reads every file under {@code dir}; {@code createdAt} is written into the bundle. */
    public static Bundle build(Path dir, Instant createdAt) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("不是目录 (not a directory): " + dir);
        }
        BundleBuilder b = new BundleBuilder();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            b.add(dir, f);
        }
        return b.finish(createdAt);
    }

    private void add(Path dir, Path f) throws IOException {
        String name = dir.relativize(f).toString();
        byte[] bytes = Files.readAllBytes(f);
        Instant mtime = Files.getLastModifiedTime(f).toInstant();
        String lower = name.toLowerCase();
        if (lower.endsWith(".csv")) {
            String source = "advisories:" + f.getFileName().toString().replaceFirst("\\.[Cc][Ss][Vv]$", "");
            AdvisoryCsv.Parsed p = AdvisoryCsv.parse(source, new String(bytes, StandardCharsets.UTF_8));
            note(source, p.origin(), p.licence(), name, bytes, mtime, p.records().size());
            records.addAll(p.records());
            return;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            String source = "advisories:" + f.getFileName().toString().replaceFirst("\\.[Yy][Aa]?[Mm][Ll]$", "");
            AdvisoryCsv.Parsed p = AdvisoryYaml.parse(source, bytes);
            note(source, p.origin(), p.licence(), name, bytes, mtime, p.records().size());
            records.addAll(p.records());
            return;
        }
        if (TarEntries.isArchive(lower)) {
            // one source per archive (Ubuntu's osv-all.tar.xz): its SHA-256 is the archive's, as published
            Map<String, Integer> counts = new TreeMap<>();
            Map<String, Parsed> kinds = new TreeMap<>();
            for (TarEntries.Entry e : TarEntries.read(lower, new java.io.ByteArrayInputStream(bytes))) {
                String entry = e.name().toLowerCase();
                if (!entry.endsWith(".json") && !entry.endsWith(".xml")) {
                    continue;   // the archive's README, licence text
                }
                Parsed p = parse(name + "!" + e.name(), entry, e.content());
                counts.merge(p.source(), p.records().size(), Integer::sum);
                kinds.putIfAbsent(p.source(), p);
                take(p);
            }
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("归档中没有可识别的漏洞数据 (no feed files in archive): " + name);
            }
            kinds.forEach((src, p) -> note(src, p.origin(), p.licence(), name, bytes, mtime, counts.get(src)));
            return;
        }
        Parsed p = parse(name, lower, bytes);
        note(p.source(), p.origin(), p.licence(), name, bytes, mtime, p.count());
        take(p);
    }

    /** One file's contribution: records, or (CISA KEV) the CVEs that mark records known-exploited. */
    private record Parsed(String source, String origin, String licence, List<VulnRecord> records, Set<String> kev) {
        int count() {
            return kev != null ? kev.size() : records.size();
        }
    }

    private void take(Parsed p) {
        records.addAll(p.records());
        if (p.kev() != null) {
            kev = kev == null ? p.kev() : union(kev, p.kev());
        }
    }

    private static Parsed parse(String name, String lower, byte[] bytes) throws IOException {
        if (lower.endsWith(".xml")) {
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
            if (AnolisOval.looksLike(head)) {
                return new Parsed(AnolisOval.NAME, AnolisOval.ORIGIN, AnolisOval.LICENCE, AnolisOval.parse(bytes), null);
            }
            if (OpenEulerCvrf.looksLike(head)) {
                return new Parsed(OpenEulerCvrf.NAME, OPENEULER_ORIGIN, OPENEULER_LICENCE, OpenEulerCvrf.parse(bytes), null);
            }
            throw new IllegalArgumentException("无法识别的 XML 格式 (not Anolis OVAL or openEuler CVRF): " + name);
        }
        if (!lower.endsWith(".json")) {
            throw new IllegalArgumentException("无法识别的文件 (unrecognised file, expected .json, .xml, .csv, .yaml or a "
                    + ".tar.xz/.tar.gz archive of them): " + name);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("不是有效的 JSON: " + name);
        }
        if (KevCatalog.looksLike(root)) {
            return new Parsed(KevCatalog.NAME, KevCatalog.ORIGIN, KevCatalog.LICENCE, List.of(), KevCatalog.cves(root));
        } else if (Csaf.looksLike(root)) {
            String source = Csaf.sourceName(root);
            boolean redhat = source.startsWith("redhat");
            return new Parsed(source, redhat ? "https://security.access.redhat.com/data/csaf/v2/advisories/"
                    : OPENEULER_ORIGIN, redhat ? "CC BY 4.0 (Red Hat security data)" : OPENEULER_LICENCE,
                    Csaf.parse(root), null);
        } else if (UbuntuOsv.looksLike(root)) {
            return new Parsed(UbuntuOsv.NAME, UbuntuOsv.ORIGIN, UbuntuOsv.LICENCE, UbuntuOsv.parse(root), null);
        } else if (DebianTracker.looksLike(root)) {
            return new Parsed(DebianTracker.NAME, DebianTracker.ORIGIN, DebianTracker.LICENCE, DebianTracker.parse(root),
                    null);
        }
        throw new IllegalArgumentException("无法识别的 JSON 格式 (not Debian tracker, Ubuntu OSV, CSAF or CISA KEV): "
                + name);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private void note(String source, String origin, String licence, String file, byte[] bytes, Instant mtime, int n) {
        SourceAcc s = sources.computeIfAbsent(source, k -> new SourceAcc(origin, licence));
        s.files.put(file, sha256(bytes));
        s.newest = mtime.isAfter(s.newest) ? mtime : s.newest;
        s.count += n;
    }

    private Bundle finish(Instant createdAt) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("目录中没有可用的漏洞数据文件 (no feed files found)");
        }
        List<VulnRecord> out = new ArrayList<>(records.size());
        for (VulnRecord r : records) {
            out.add(kev != null && r.cves().stream().anyMatch(kev::contains) ? r.withKev(true) : r);
        }
        List<FeedSource> list = new ArrayList<>();
        for (Map.Entry<String, SourceAcc> e : sources.entrySet()) {
            SourceAcc s = e.getValue();
            String sha;
            if (s.files.size() == 1) {
                sha = s.files.values().iterator().next();
            } else {
                StringBuilder lines = new StringBuilder();
                s.files.forEach((f, h) -> lines.append(h).append("  ").append(f).append('\n'));
                sha = sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
            list.add(new FeedSource(e.getKey(), s.origin, s.newest, sha, s.licence, s.count));
        }
        return new Bundle(createdAt, list, dedupe(out));
    }

    /** The same (stream, package, CVE) from two advisories: keep the one with the highest fixed version. */
    private static List<VulnRecord> dedupe(List<VulnRecord> in) {
        Map<String, VulnRecord> byKey = new LinkedHashMap<>();
        for (VulnRecord r : in) {
            String key = r.stream() + " " + r.kind() + " " + r.pkg() + " " + r.cves() + " " + r.source();
            VulnRecord old = byKey.get(key);
            boolean newer = old != null && r.fixedVersion() != null && (old.fixedVersion() == null
                    || Streams.compare(r.stream(), r.fixedVersion(), old.fixedVersion()) > 0);
            if (old == null || newer) {
                byKey.put(key, r);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
