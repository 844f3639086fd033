package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches one host's installed packages against its own stream's records, with that stream's version order only.
 * Source records (Debian, Ubuntu, CSAF source RPMs) are matched by each binary's source package and source version,
 * binary records by the binary's name and version; the RPM epoch is put in front of the version. A record that is
 * fixed counts when the installed version is lower than the fixed one; a record without a fix (not fixed, will not
 * fix) counts whatever is installed. The binaries built from one source are reported as one hit per CVE set.
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
        String stream = index.stream();
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (Package p : packages.getPackagesList()) {
            String src = p.getSourceName().isEmpty() ? p.getName() : p.getSourceName();
            String srcVersion = withEpoch(p, p.getSourceVersion().isEmpty() ? p.getVersion() : p.getSourceVersion());
            for (VulnRecord r : index.source(src)) {
                consider(hits, stream, src, p.getName(), srcVersion, r);
            }
            for (VulnRecord r : index.binary(p.getName())) {
                consider(hits, stream, p.getName(), p.getName(), withEpoch(p, p.getVersion()), r);
            }
        }
        return new ArrayList<>(hits.values());
    }

    private static void consider(Map<String, Hit> hits, String stream, String pkg, String binary, String installed,
                                 VulnRecord r) {
        if (installed.isEmpty()) {
            return;
        }
        boolean affected = r.status() != VulnRecord.Status.fixed
                || Streams.compare(stream, comparable(stream, installed, r.fixedVersion()), r.fixedVersion()) < 0;
        if (!affected) {
            return;
        }
        String key = r.kind() + " " + pkg + " " + r.cves() + " " + r.fixedVersion() + " " + r.source();
        Hit h = hits.get(key);
        if (h == null) {
            hits.put(key, new Hit(pkg, new ArrayList<>(List.of(binary)), installed, r));
        } else if (!h.binaries().contains(binary)) {
            h.binaries().add(binary);
        }
    }

    /**
     * openEuler's CSAF (and the CSV advisories) write RPM fixed versions without the epoch ("vim-9.0-33.oe2203sp4"
     * for a vim whose epoch is 2), while Red Hat writes it ("0:4.2.1-41.el8"): an RPM fixed version without an epoch
     * is compared with the installed version-release alone, or every epoch-carrying package would read as newer than
     * any fix. Debian versions always carry their epoch, so they are compared whole.
     */
    private static String comparable(String stream, String installed, String fixed) {
        if (Streams.scheme(stream) == Streams.Scheme.RPM && fixed.indexOf(':') < 0) {
            int colon = installed.indexOf(':');
            return colon < 0 ? installed : installed.substring(colon + 1);
        }
        return installed;
    }

    private static String withEpoch(Package p, String version) {
        return p.getEpoch().isEmpty() || p.getEpoch().equals("0") || version.contains(":") ? version
                : p.getEpoch() + ":" + version;
    }
}
