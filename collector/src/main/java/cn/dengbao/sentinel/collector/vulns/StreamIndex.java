package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's records by package (source and binary names kept apart), built once per imported bundle and shared by
 * every host and ingest thread (read-only after construction). Fixed versions are parsed here, once, and each
 * package's fixes are sorted newest first, so that matching a package that is up to date costs one comparison per
 * group ({@link ParsedVersion#group}), not one parse and comparison per record.
 */
public final class StreamIndex {
    private final String stream;
    private final Streams.Scheme scheme;
    private final Map<String, Pkg> bySource = new HashMap<>();
    private final Map<String, Pkg> byBinary = new HashMap<>();
    private final int size;

    /** A fixed record with its parsed fixed version. */
    record Fix(VulnRecord record, ParsedVersion version) {
    }

    /**
     * One package's records: fixes in groups sorted newest first, fixes in no group, records without a fix; {@code id}
     * numbers the packages of the index (a cheap key while matching one host).
     */
    record Pkg(int id, Fix[][] groups, Fix[] unordered, VulnRecord[] unfixed) {
    }

    public StreamIndex(String stream, List<VulnRecord> records) {
        this.stream = stream;
        this.scheme = Streams.scheme(stream);
        Map<String, List<VulnRecord>> src = new HashMap<>();
        Map<String, List<VulnRecord>> bin = new HashMap<>();
        for (VulnRecord r : records) {
            if (!r.stream().equals(stream)) {
                throw new IllegalArgumentException("record of " + r.stream() + " in index of " + stream);
            }
            (VulnRecord.SOURCE_PACKAGE.equals(r.kind()) ? src : bin).computeIfAbsent(r.pkg(), k -> new ArrayList<>())
                    .add(r);
        }
        src.forEach((k, v) -> bySource.put(k, pkg(v)));
        bin.forEach((k, v) -> byBinary.put(k, pkg(v)));
        this.size = records.size();
    }

    private Pkg pkg(List<VulnRecord> records) {
        List<List<Fix>> groups = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        List<Fix> unordered = new ArrayList<>();
        List<VulnRecord> unfixed = new ArrayList<>();
        for (VulnRecord r : records) {
            if (r.status() != VulnRecord.Status.fixed) {
                unfixed.add(r);
                continue;
            }
            Fix f = new Fix(r, ParsedVersion.of(scheme, r.fixedVersion()));
            int g = f.version().group();
            (g < 0 ? unordered : groups.get(g)).add(f);
        }
        Comparator<Fix> newestFirst = (a, b) -> b.version().compareTo(a.version());
        List<Fix[]> nonEmpty = new ArrayList<>();
        for (List<Fix> g : groups) {
            if (!g.isEmpty()) {
                g.sort(newestFirst);
                nonEmpty.add(g.toArray(new Fix[0]));
            }
        }
        return new Pkg(bySource.size() + byBinary.size(), nonEmpty.toArray(new Fix[0][]), unordered.toArray(new Fix[0]),
                unfixed.toArray(new VulnRecord[0]));
    }

    public String stream() {
        return stream;
    }

    Streams.Scheme scheme() {
        return scheme;
    }

    /** How many records the index holds. */
    public int size() {
        return size;
    }

    /** The records of a source package, or null. */
    Pkg source(String name) {
        return bySource.get(name);
    }

    /** The records of a binary package, or null. */
    Pkg binary(String name) {
        return byBinary.get(name);
    }
}
