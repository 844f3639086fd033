package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ubuntu's OSV data ({@code https://security-metadata.canonical.com/osv/}, one JSON per USN, LSN or
 * {@code UBUNTU-CVE-…}): each {@code affected} entry names a SOURCE package in an ecosystem {@code Ubuntu:22.04:LTS}
 * with an ECOSYSTEM range whose {@code fixed} event is the fixed version (none: not fixed yet). Ecosystems
 * {@code Ubuntu:Pro:…} (ESM, Livepatch) are left out: their fixes need an Ubuntu Pro subscription, like Red Hat's
 * extended support. Severity is Ubuntu's priority; the CVSS v3 score is computed from the published vector.
 */
final class UbuntuOsv {
    static final String NAME = "ubuntu-osv";
    static final String ORIGIN = "https://security-metadata.canonical.com/osv/osv-all.tar.xz";
    static final String LICENCE = "CC BY-SA 4.0 (Canonical, Ubuntu security data)";
    private static final Pattern ECOSYSTEM = Pattern.compile("Ubuntu:(\\d+\\.\\d+)(?::LTS)?");

    private UbuntuOsv() {
    }

    static boolean looksLike(JsonNode root) {
        if (!root.has("schema_version") || !root.path("affected").isArray()) {
            return false;
        }
        for (JsonNode a : root.path("affected")) {
            if (!a.path("package").path("ecosystem").asText("").startsWith("Ubuntu:")) {
                return false;
            }
        }
        return true;
    }

    static List<VulnRecord> parse(JsonNode root) {
        String id = root.path("id").asText("");
        Set<String> cves = new LinkedHashSet<>();
        if (id.startsWith("CVE-")) {
            cves.add(id);
        }
        for (String field : List.of("aliases", "related", "upstream")) {
            for (JsonNode n : root.path(field)) {
                if (n.asText().startsWith("CVE-")) {
                    cves.add(n.asText());
                }
            }
        }
        if (cves.isEmpty()) {
            return List.of();
        }
        List<String> advisories = id.startsWith("USN-") || id.startsWith("LSN-") ? List.of(id) : List.of();
        Double cvss = null;
        String docSeverity = null;
        for (JsonNode s : root.path("severity")) {
            String type = s.path("type").asText();
            if (type.startsWith("CVSS_V3")) {
                Double b = Cvss3.baseScore(s.path("score").asText());
                cvss = b != null && (cvss == null || b > cvss) ? b : cvss;
            } else if ("Ubuntu".equals(type)) {
                docSeverity = s.path("score").asText(null);
            }
        }
        List<VulnRecord> out = new ArrayList<>();
        for (JsonNode a : root.path("affected")) {
            Matcher m = ECOSYSTEM.matcher(a.path("package").path("ecosystem").asText(""));
            String pkg = a.path("package").path("name").asText("");
            if (!m.matches() || pkg.isEmpty()) {
                continue;
            }
            String fixed = null;
            for (JsonNode r : a.path("ranges")) {
                if ("ECOSYSTEM".equals(r.path("type").asText())) {
                    for (JsonNode e : r.path("events")) {
                        fixed = e.has("fixed") ? e.get("fixed").asText() : fixed;
                    }
                }
            }
            String severity = a.path("ecosystem_specific").path("ubuntu_priority").asText(docSeverity);
            out.add(new VulnRecord("ubuntu:" + m.group(1), pkg, VulnRecord.SOURCE_PACKAGE, fixed,
                    fixed == null ? VulnRecord.Status.not_fixed : VulnRecord.Status.fixed, advisories,
                    List.copyOf(cves), severity, cvss, false, NAME));
        }
        return out;
    }
}
