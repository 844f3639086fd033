package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The indexed matcher (fixes parsed once, read newest first, stopping at the first one installed) finds exactly what
 * comparing the installed version with every record's fix finds — for dpkg and for rpm, where fixes written with and
 * without an epoch compare differently and a fix without a release matches any release.
 */
class VulnMatcherTest {
    private static final String[] DEB = {"1.0-1", "1.0-1+deb12u1", "1.0-2", "1:0.9-1", "1.0~rc1-1", "2.0-1", "1.10-1",
        "1.9-1", "1:1.0-1", "2.0-1~bpo1", "0.9"};
    private static final String[] RPM = {"1.0-1.el8", "0:1.0-2.el8", "1:0.9-1.el8", "2:1.0-1.el8", "1.0", "1.0-1.el8_9",
        "1.0~rc1-1.el8", "1.10-1.el8", "1.9-3.el8", "1:1.0", "2.0-1.el8", "1.0^git1-1.el8"};

    @Test
    void indexedMatchingEqualsTheRecordByRecordDefinition() {
        Random rnd = new Random(13);
        for (String stream : List.of("debian:12", "anolis:8")) {
            String[] versions = stream.startsWith("debian") ? DEB : RPM;
            for (int round = 0; round < 300; round++) {
                List<VulnRecord> records = new ArrayList<>();
                for (int i = 0; i < 1 + rnd.nextInt(12); i++) {
                    int kind = rnd.nextInt(10);
                    VulnRecord.Status st = kind == 0 ? VulnRecord.Status.not_fixed
                            : kind == 1 ? VulnRecord.Status.will_not_fix : VulnRecord.Status.fixed;
                    records.add(new VulnRecord(stream, rnd.nextBoolean() ? "p" : "q",
                            rnd.nextInt(4) == 0 ? VulnRecord.BINARY_PACKAGE : VulnRecord.SOURCE_PACKAGE,
                            st == VulnRecord.Status.fixed ? versions[rnd.nextInt(versions.length)] : null, st, List.of(),
                            List.of("CVE-2024-" + (1000 + i)), null, null, false, "t"));
                }
                Packages.Builder pk = Packages.newBuilder();
                for (String bin : List.of("p", "p-libs", "q")) {
                    String v = versions[rnd.nextInt(versions.length)];
                    String epoch = "";
                    if (stream.startsWith("anolis") && v.indexOf(':') > 0) {
                        epoch = v.substring(0, v.indexOf(':'));   // rpm reports the epoch apart
                        v = v.substring(v.indexOf(':') + 1);
                    }
                    pk.addPackages(Package.newBuilder().setName(bin).setVersion(v).setEpoch(epoch)
                            .setSourceName(bin.equals("q") ? "q" : "p").setSourceVersion(v));
                }
                Set<String> fast = new TreeSet<>();
                for (VulnMatcher.Hit h : VulnMatcher.match(new StreamIndex(stream, records), pk.build())) {
                    for (String b : h.binaries()) {
                        fast.add(b + " " + h.record().cves());
                    }
                }
                assertEquals(slow(stream, records, pk.build()), fast, stream + " " + records + " " + pk);
            }
        }
    }

    /** The definition: each package against each record of its name, with the stream's order. */
    private static Set<String> slow(String stream, List<VulnRecord> records, Packages pk) {
        Set<String> out = new TreeSet<>();
        for (Package p : pk.getPackagesList()) {
            for (VulnRecord r : records) {
                boolean source = r.kind().equals(VulnRecord.SOURCE_PACKAGE);
                String name = source ? p.getSourceName() : p.getName();
                String v = source ? p.getSourceVersion() : p.getVersion();
                if (!r.pkg().equals(name)) {
                    continue;
                }
                boolean rpm = Streams.scheme(stream) == Streams.Scheme.RPM;
                if (!p.getEpoch().isEmpty() && !(rpm && r.fixedVersion() != null && r.fixedVersion().indexOf(':') < 0)) {
                    v = p.getEpoch() + ":" + v;
                }
                if (r.status() != VulnRecord.Status.fixed || Streams.compare(stream, v, r.fixedVersion()) < 0) {
                    out.add(p.getName() + " " + r.cves());
                }
            }
        }
        return out;
    }
}
