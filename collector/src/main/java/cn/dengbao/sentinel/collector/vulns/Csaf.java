package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSAF 2.0 advisories and VEX (Red Hat, openEuler). Products are resolved through the product tree's
 * relationships ({@code platform:component}); only source RPMs ({@code .src}) make records, keyed by source package,
 * because every binary built from a source carries the fix together. Platforms map to streams by CPE: Red Hat's main
 * releases only ({@code cpe:/o:redhat:enterprise_linux:9…}, {@code cpe:/a:redhat:enterprise_linux:8…}) — a fix
 * published for EUS/AUS/TUS/E4S exists only in paid extended support and does not count for a plain RHEL host —
 * and openEuler's {@code openEuler-22.03-LTS-SP4} product ids.
 *
 * <p>A stream that rebuilds a Red Hat release ({@link EndOfLife}: CentOS 7 rebuilds RHEL 7) gets a copy of each
 * record: a fix Red Hat published (initial release date of the advisory) up to the rebuild's end of life is a fix
 * there too, with the same version; a fix published later, or only for Extended Life Support
 * ({@code cpe:/o:redhat:rhel_els:7}), and anything not fixed, is "will not fix" there — never a fix the host could
 * install, which is what scanners mapping CentOS 7 onto RHEL 7 data get wrong.
 */
final class Csaf {
    private static final Pattern RHEL_CPE = Pattern.compile("cpe:/[ao]:redhat:enterprise_linux:(\\d+)(?:::.*)?");
    private static final Pattern RHEL_ELS_CPE = Pattern.compile("cpe:/[ao]:redhat:rhel_els:(\\d+)(?:::.*)?");
    private static final Pattern OPENEULER = Pattern.compile("openEuler-(\\d+\\.\\d+(?:-LTS(?:-SP\\d+)?)?)");

    private Csaf() {
    }

    static boolean looksLike(JsonNode root) {
        return root.path("document").has("csaf_version");
    }

    /** Which vendor wrote it: the source name used in the bundle. */
    static String sourceName(JsonNode root) {
        String publisher = root.path("document").path("publisher").path("name").asText("").toLowerCase();
        String id = root.path("document").path("tracking").path("id").asText("");
        return publisher.contains("openeuler") || id.startsWith("openEuler") ? "openeuler-csaf" : "redhat-csaf";
    }

    static List<VulnRecord> parse(JsonNode root) {
        String source = sourceName(root);
        Map<String, String> platformStreams = new HashMap<>();
        collectPlatforms(root.path("product_tree").path("branches"), platformStreams);
        // product id -> {stream, component reference}; an extended-support-only stream is written "els:rhel:7"
        Map<String, String[]> products = new HashMap<>();
        for (JsonNode rel : root.path("product_tree").path("relationships")) {
            String stream = platformStreams.get(rel.path("relates_to_product_reference").asText());
            if (stream != null) {
                products.put(rel.path("full_product_name").path("product_id").asText(),
                        new String[] {stream, rel.path("product_reference").asText()});
            }
        }
        LocalDate released = releaseDate(root);
        String advisory = root.path("document").path("tracking").path("id").asText(null);
        List<VulnRecord> out = new ArrayList<>();
        for (JsonNode v : root.path("vulnerabilities")) {
            String cve = v.path("cve").asText(null);
            if (cve == null) {
                continue;
            }
            String severity = null;
            for (JsonNode t : v.path("threats")) {
                if ("impact".equals(t.path("category").asText())) {
                    severity = t.path("details").asText(null);
                }
            }
            Double cvss = null;
            for (JsonNode s : v.path("scores")) {
                JsonNode b = s.path("cvss_v3").path("baseScore");
                if (b.isNumber() && (cvss == null || b.asDouble() > cvss)) {
                    cvss = b.asDouble();
                }
            }
            Map<String, String> remediation = new HashMap<>();
            for (JsonNode r : v.path("remediations")) {
                for (JsonNode p : r.path("product_ids")) {
                    remediation.put(p.asText(), r.path("category").asText());
                }
            }
            Map<String, VulnRecord> records = new LinkedHashMap<>();
            List<String> advisories = advisory == null || advisory.equals(cve) ? List.of() : List.of(advisory);
            for (JsonNode p : v.path("product_status").path("fixed")) {
                String[] prod = products.get(p.asText());
                if (prod == null) {
                    continue;
                }
                Optional<Nevra> n = Nevra.parse(prod[1]);
                if (n.isPresent() && n.get().source()) {
                    records.putIfAbsent(prod[0] + " " + n.get().name(), new VulnRecord(stream(prod[0]), n.get().name(),
                            VulnRecord.SOURCE_PACKAGE, n.get().evr(), VulnRecord.Status.fixed, advisories, List.of(cve),
                            severity, cvss, false, source));
                }
            }
            for (JsonNode p : v.path("product_status").path("known_affected")) {
                String[] prod = products.get(p.asText());
                if (prod == null) {
                    continue;
                }
                // VEX names the affected component without a version ("kernel"), or as a NEVRA
                String name = Nevra.parse(prod[1]).map(Nevra::name).orElse(prod[1]);
                String how = remediation.getOrDefault(p.asText(), "none_available");
                VulnRecord.Status status = "no_fix_planned".equals(how) ? VulnRecord.Status.will_not_fix
                        : VulnRecord.Status.not_fixed;
                records.putIfAbsent(prod[0] + " " + name, new VulnRecord(stream(prod[0]), name, VulnRecord.SOURCE_PACKAGE,
                        null, status, advisories, List.of(cve), severity, cvss, false, source));
            }
            Map<String, VulnRecord> rebuilt = new LinkedHashMap<>();
            for (Map.Entry<String, VulnRecord> e : records.entrySet()) {
                boolean extended = e.getKey().startsWith(ELS);
                VulnRecord r = e.getValue();
                if (!extended) {
                    out.add(r);
                }
                for (EndOfLife.Entry reb : EndOfLife.rebuildsOf(r.stream())) {
                    boolean inTime = !extended && r.status() == VulnRecord.Status.fixed && released != null
                            && !released.isAfter(reb.endOfLife());
                    VulnRecord copy = new VulnRecord(reb.stream(), r.pkg(), r.kind(), inTime ? r.fixedVersion() : null,
                            inTime ? VulnRecord.Status.fixed : VulnRecord.Status.will_not_fix, r.advisories(), r.cves(),
                            r.severity(), r.cvss3(), false, r.source());
                    VulnRecord old = rebuilt.get(reb.stream() + " " + r.pkg());
                    if (old == null || (inTime && old.status() != VulnRecord.Status.fixed)) {
                        rebuilt.put(reb.stream() + " " + r.pkg(), copy);
                    }
                }
            }
            out.addAll(rebuilt.values());
        }
        return out;
    }

    /** The advisory's first publication: when its fixes shipped (null when the document does not say). */
    private static LocalDate releaseDate(JsonNode root) {
        String d = root.path("document").path("tracking").path("initial_release_date").asText("");
        try {
            return d.isEmpty() ? null : OffsetDateTime.parse(d).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final String ELS = "els:";

    private static String stream(String platform) {
        return platform.startsWith(ELS) ? platform.substring(ELS.length()) : platform;
    }

    private static void collectPlatforms(JsonNode branches, Map<String, String> out) {
        for (JsonNode b : branches) {
            JsonNode product = b.path("product");
            if (!product.isMissingNode()) {
                String id = product.path("product_id").asText();
                String cpe = product.path("product_identification_helper").path("cpe").asText("");
                Matcher rh = RHEL_CPE.matcher(cpe);
                Matcher oe = OPENEULER.matcher(id);
                Matcher els = RHEL_ELS_CPE.matcher(cpe);
                if (rh.matches()) {
                    out.put(id, "rhel:" + rh.group(1));
                } else if (els.matches()) {
                    out.put(id, ELS + "rhel:" + els.group(1));
                } else if (oe.matches()) {
                    out.put(id, "openeuler:" + oe.group(1));
                }
            }
            collectPlatforms(b.path("branches"), out);
        }
    }

    /** {@code name-[epoch:]version-release.arch[.rpm]}, as written in product references. */
    record Nevra(String name, String evr, String arch) {
        boolean source() {
            return "src".equals(arch);
        }

        static Optional<Nevra> parse(String ref) {
            String s = ref.endsWith(".rpm") ? ref.substring(0, ref.length() - 4) : ref;
            int dot = s.lastIndexOf('.');
            int relDash = s.lastIndexOf('-');
            if (dot < 0 || relDash < 0 || dot < relDash) {
                return Optional.empty();
            }
            String arch = s.substring(dot + 1);
            String nvr = s.substring(0, dot);
            int verDash = nvr.lastIndexOf('-', relDash - 1);
            if (verDash <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Nevra(nvr.substring(0, verDash), nvr.substring(verDash + 1), arch));
        }
    }
}
