package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Debian security tracker's JSON ({@code https://security-tracker.debian.org/tracker/data/json}):
 * {@code {source package: {CVE: {releases: {codename: {status, fixed_version, urgency, nodsa?}}}}}}. Keys are
 * SOURCE packages. {@code resolved} with fixed version {@code 0} means the release never had the flaw (no record);
 * {@code resolved} with a version is fixed there; {@code open}/{@code undetermined} is affected without a fix, and
 * urgency {@code end-of-life} (the package is no longer supported) will not be fixed.
 */
final class DebianTracker {
    static final String NAME = "debian-security-tracker";
    static final String ORIGIN = "https://security-tracker.debian.org/tracker/data/json";
    static final String LICENCE = "Debian security tracker data (public, DFSG; see https://www.debian.org/legal/)";

    /** Codenames of the releases Sentinel has streams for. */
    private static final Map<String, String> RELEASES = Map.of("buster", "debian:10", "bullseye", "debian:11",
            "bookworm", "debian:12", "trixie", "debian:13");

    private DebianTracker() {
    }

    static boolean looksLike(JsonNode root) {
        if (!root.isObject() || root.isEmpty()) {
            return false;
        }
        JsonNode first = root.elements().next();
        if (!first.isObject() || first.isEmpty()) {
            return false;
        }
        return first.elements().next().has("releases");
    }

    static List<VulnRecord> parse(JsonNode root) {
        List<VulnRecord> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> pkgs = root.fields(); pkgs.hasNext(); ) {
            Map.Entry<String, JsonNode> pkg = pkgs.next();
            for (Iterator<Map.Entry<String, JsonNode>> ids = pkg.getValue().fields(); ids.hasNext(); ) {
                Map.Entry<String, JsonNode> id = ids.next();
                if (!id.getKey().startsWith("CVE-")) {
                    continue;   // TEMP-… entries have no CVE to report
                }
                for (Iterator<Map.Entry<String, JsonNode>> rels = id.getValue().path("releases").fields(); rels.hasNext(); ) {
                    Map.Entry<String, JsonNode> rel = rels.next();
                    String stream = RELEASES.get(rel.getKey());
                    if (stream == null) {
                        continue;
                    }
                    VulnRecord r = record(stream, pkg.getKey(), id.getKey(), rel.getValue());
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static VulnRecord record(String stream, String pkg, String cve, JsonNode rel) {
        String status = rel.path("status").asText();
        String fixed = rel.path("fixed_version").asText(null);
        String urgency = rel.path("urgency").asText(null);
        VulnRecord.Status s;
        if ("resolved".equals(status)) {
            if (fixed == null || fixed.isBlank() || "0".equals(fixed)) {
                return null;   // not affected in this release
            }
            s = VulnRecord.Status.fixed;
        } else if ("open".equals(status) || "undetermined".equals(status)) {
            s = "end-of-life".equals(urgency) ? VulnRecord.Status.will_not_fix : VulnRecord.Status.not_fixed;
            fixed = null;
        } else {
            return null;   // not-affected
        }
        String severity = urgency == null || urgency.startsWith("not yet") ? null : urgency.replace("**", "");
        return new VulnRecord(stream, pkg, VulnRecord.SOURCE_PACKAGE, fixed, s, List.of(), List.of(cve), severity, null,
                false, NAME);
    }
}
