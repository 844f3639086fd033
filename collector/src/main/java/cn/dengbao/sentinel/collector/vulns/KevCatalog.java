package cn.dengbao.sentinel.collector.vulns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** CISA's Known Exploited Vulnerabilities catalogue: the CVEs known to be exploited in the wild (marks records). */
final class KevCatalog {
    static final String NAME = "cisa-kev";
    static final String ORIGIN = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
    static final String LICENCE = "CC0 1.0 (CISA KEV catalogue)";

    private KevCatalog() {
    }

    static boolean looksLike(JsonNode root) {
        return root.has("catalogVersion") && root.path("vulnerabilities").isArray();
    }

    static Set<String> cves(JsonNode root) {
        Set<String> out = new HashSet<>();
        for (JsonNode v : root.path("vulnerabilities")) {
            String id = v.path("cveID").asText("");
            if (id.startsWith("CVE-")) {
                out.add(id);
            }
        }
        return out;
    }
}
