package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches one host's installed packages against its own stream's records, with that stream's version order only.
 * Source records (Debian, Ubuntu, CSAF source RPMs) are matched by each binary's source package and source version,
 * binary records by the binary's name and version; the RPM epoch is put in front of the version. A record that is
 * fixed counts when the installed version is lower than the fixed one; a record without a fix (not fixed, will not
 * fix) counts whatever is installed. The binaries built from one source are reported as one hit per CVE set.
 * Packages without records cost two hash look-ups; the installed version is parsed once per package and read against
 * the package's fixes newest first, stopping at the first one it has ({@link StreamIndex}).
 */
public final class VulnMatcher {
    private VulnMatcher() {
    }

    /** One affected package: what is installed (and which binaries), and the record that makes it affected. */
    public record Hit(String pkg, List<String> binaries, String installed, VulnRecord record) {
        public boolean fixAvailable() {
            return record.status() == VulnRecord.Status.fixed;
        }
    }

    public static List<Hit> match(StreamIndex index, Packages packages) {
        // the binaries of one source package each meet that package's records: one hit per record, binaries added
        Map<Integer, List<Hit>> byPkg = new HashMap<>();
        List<Hit> found = new ArrayList<>();
        for (Package p : packages.getPackagesList()) {
            String src = p.getSourceName().isEmpty() ? p.getName() : p.getSourceName();
            StreamIndex.Pkg bySource = index.source(src);
            if (bySource != null) {
                String v = withEpoch(p, p.getSourceVersion().isEmpty() ? p.getVersion() : p.getSourceVersion());
                consider(byPkg, found, index, bySource, src, p.getName(), v);
            }
            StreamIndex.Pkg byBinary = index.binary(p.getName());
            if (byBinary != null) {
                consider(byPkg, found, index, byBinary, p.getName(), p.getName(), withEpoch(p, p.getVersion()));
            }
        }
        return found;
    }

    private static void consider(Map<Integer, List<Hit>> byPkg, List<Hit> found, StreamIndex index,
                                 StreamIndex.Pkg records, String pkg, String binary, String installed) {
        if (installed.isEmpty()) {
            return;
        }
        List<Hit> seen = byPkg.get(records.id());
        // a further binary of a source already matched: its hits by record (identity), built only then
        Map<VulnRecord, Hit> earlier = null;
        if (seen != null) {
            earlier = new IdentityHashMap<>();
            for (Hit h : seen) {
                earlier.put(h.record(), h);
            }
        }
        List<Hit> fresh = new ArrayList<>();
        for (VulnRecord r : records.unfixed()) {
            hit(earlier, fresh, pkg, binary, installed, r);
        }
        ParsedVersion v = ParsedVersion.of(index.scheme(), installed);
        for (StreamIndex.Fix[] group : records.groups()) {
            for (StreamIndex.Fix f : group) {
                if (v.compareTo(f.version()) >= 0) {
                    break;   // newest first: the installed version has every older fix of this group too
                }
                hit(earlier, fresh, pkg, binary, installed, f.record());
            }
        }
        for (StreamIndex.Fix f : records.unordered()) {
            if (v.compareTo(f.version()) < 0) {
                hit(earlier, fresh, pkg, binary, installed, f.record());
            }
        }
        if (!fresh.isEmpty()) {
            byPkg.computeIfAbsent(records.id(), k -> new ArrayList<>()).addAll(fresh);
            found.addAll(fresh);
        }
    }

    /** Adds {@code binary} to the earlier hit of record {@code r}, or makes a new hit. */
    private static void hit(Map<VulnRecord, Hit> earlier, List<Hit> fresh, String pkg, String binary,
                            String installed, VulnRecord r) {
        Hit h = earlier == null ? null : earlier.get(r);
        if (h == null) {
            fresh.add(new Hit(pkg, new ArrayList<>(List.of(binary)), installed, r));
        } else if (!h.binaries().contains(binary)) {
            h.binaries().add(binary);
        }
    }

    private static String withEpoch(Package p, String version) {
        return p.getEpoch().isEmpty() || p.getEpoch().equals("0") || version.contains(":") ? version
                : p.getEpoch() + ":" + version;
    }
}
