package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * openEuler's CVRF 1.1 advisories ({@code https://repo.openeuler.org/security/data/cvrf/}, the older format beside
 * CSAF): the product tree names each release ({@code ProductID="openEuler-22.03-LTS-SP3"} with its CPE) and the
 * packages built for it, by CPE; a vulnerability's {@code Status Type="Fixed"} lists the releases. Records are per
 * SOURCE rpm (arch {@code src}), as from openEuler's CSAF, so both formats give the same records and the builder's
 * de-duplication keeps one.
 */
final class OpenEulerCvrf {
    static final String NAME = "openeuler-csaf";   // the same vendor data as the CSAF files: one source
    private static final Pattern RELEASE = Pattern.compile("openEuler-(\\d+\\.\\d+(?:-LTS(?:-SP\\d+)?)?)");

    private OpenEulerCvrf() {
    }

    static boolean looksLike(String head) {
        return head.contains("<cvrfdoc") && head.contains("openEuler");
    }

    static List<VulnRecord> parse(byte[] xml) throws IOException {
        Document doc = Xml.parse(xml);
        Element root = doc.getDocumentElement();
        String advisory = Xml.childText(Xml.child(Xml.child(root, "DocumentTracking"), "Identification"), "ID");
        Map<String, String> releaseCpe = new HashMap<>();   // release product id -> CPE
        Map<String, List<Csaf.Nevra>> sourcesByCpe = new HashMap<>();
        for (Element p : Xml.all(root, "FullProductName")) {
            String id = p.getAttribute("ProductID");
            String cpe = p.getAttribute("CPE");
            Element branch = (Element) p.getParentNode();
            if ("Product Name".equals(branch.getAttribute("Type")) && RELEASE.matcher(id).matches()) {
                releaseCpe.put(id, cpe);
            } else if ("src".equals(branch.getAttribute("Name"))) {
                Optional<Csaf.Nevra> n = Csaf.Nevra.parse(p.getTextContent().strip());
                n.filter(Csaf.Nevra::source).ifPresent(x -> sourcesByCpe.computeIfAbsent(cpe, k -> new ArrayList<>())
                        .add(x));
            }
        }
        List<VulnRecord> out = new ArrayList<>();
        for (Element v : Xml.all(root, "Vulnerability")) {
            String cve = Xml.childText(v, "CVE");
            if (!cve.startsWith("CVE-")) {
                continue;
            }
            String severity = null;
            for (Element t : Xml.all(v, "Threat")) {
                if ("Impact".equals(t.getAttribute("Type"))) {
                    severity = Xml.childText(t, "Description");
                }
            }
            Double cvss = null;
            for (Element s : Xml.all(v, "BaseScore")) {
                try {
                    double b = Double.parseDouble(s.getTextContent().strip());
                    cvss = cvss == null || b > cvss ? b : cvss;
                } catch (NumberFormatException ignored) {
                    // no score: left null, never guessed
                }
            }
            Map<String, VulnRecord> records = new LinkedHashMap<>();
            for (Element st : Xml.all(v, "Status")) {
                if (!"Fixed".equals(st.getAttribute("Type"))) {
                    continue;
                }
                for (Element pid : Xml.all(st, "ProductID")) {
                    String release = pid.getTextContent().strip();
                    Matcher m = RELEASE.matcher(release);
                    if (!m.matches() || !releaseCpe.containsKey(release)) {
                        continue;
                    }
                    String stream = "openeuler:" + m.group(1);
                    for (Csaf.Nevra n : sourcesByCpe.getOrDefault(releaseCpe.get(release), List.of())) {
                        records.putIfAbsent(stream + " " + n.name(), new VulnRecord(stream, n.name(),
                                VulnRecord.SOURCE_PACKAGE, n.evr(), VulnRecord.Status.fixed,
                                advisory.isEmpty() ? List.of() : List.of(advisory), List.of(cve),
                                severity == null || severity.isEmpty() ? null : severity, cvss, false, NAME));
                    }
                }
            }
            out.addAll(records.values());
        }
        return out;
    }
}
