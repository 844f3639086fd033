package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * OpenAnolis OVAL ({@code https://anas.openanolis.cn/api/data/OVAL/anolis-8.oval.xml}): one {@code patch} definition
 * per ANSA advisory, platform {@code Anolis OS 8}, criteria "P is earlier than E:V-R" resolved through
 * {@code rpminfo_test → rpminfo_object (name) + rpminfo_state (evr less than)}. Records are BINARY packages (OVAL
 * tests binary names). The generator writes a sub-package's EVR with the sub-package suffix in front of the version
 * ({@code bind-chroot is earlier than 32:chroot-9.18.34-1.an23}); taken literally, rpm order puts every installed
 * {@code 9.x} above {@code chroot-…} and the package would read as fixed, so that suffix is removed.
 */
final class AnolisOval {
    static final String NAME = "anolis-oval";
    static final String ORIGIN = "https://anas.openanolis.cn/api/data/OVAL/";
    static final String LICENCE = "OpenAnolis security data (OpenAnolis community terms)";
    private static final Pattern PLATFORM = Pattern.compile("Anolis OS (\\d+)");

    private AnolisOval() {
    }

    static boolean looksLike(String head) {
        return head.contains("<oval_definitions") && head.contains("openanolis");
    }

    static List<VulnRecord> parse(byte[] xml) throws IOException {
        Document doc = Xml.parse(xml);
        Map<String, String> objectNames = new HashMap<>();
        Map<String, String> stateEvrs = new HashMap<>();
        Map<String, String[]> tests = new HashMap<>();   // test id -> {object id, state id}
        for (Element e : Xml.all(doc.getDocumentElement(), "rpminfo_object")) {
            objectNames.put(e.getAttribute("id"), Xml.childText(e, "name"));
        }
        for (Element e : Xml.all(doc.getDocumentElement(), "rpminfo_state")) {
            stateEvrs.put(e.getAttribute("id"), Xml.childText(e, "evr"));
        }
        for (Element e : Xml.all(doc.getDocumentElement(), "rpminfo_test")) {
            Element o = Xml.child(e, "object");
            Element s = Xml.child(e, "state");
            if (o != null && s != null) {
                tests.put(e.getAttribute("id"), new String[] {o.getAttribute("object_ref"), s.getAttribute("state_ref")});
            }
        }
        List<VulnRecord> out = new ArrayList<>();
        for (Element def : Xml.all(doc.getDocumentElement(), "definition")) {
            Element meta = Xml.child(def, "metadata");
            if (meta == null) {
                continue;
            }
            String stream = null;
            for (Element p : Xml.all(meta, "platform")) {
                Matcher m = PLATFORM.matcher(p.getTextContent().strip());
                stream = m.matches() ? "anolis:" + m.group(1) : stream;
            }
            if (stream == null) {
                continue;
            }
            List<String> advisories = new ArrayList<>();
            for (Element r : Xml.all(meta, "reference")) {
                if ("ANSA".equals(r.getAttribute("source"))) {
                    advisories.add(r.getAttribute("ref_id"));
                }
            }
            List<String> cves = new ArrayList<>();
            Double cvss = null;
            for (Element c : Xml.all(meta, "cve")) {
                cves.add(c.getTextContent().strip());
                String score = c.getAttribute("cvss3");
                int slash = score.indexOf('/');
                try {
                    double v = Double.parseDouble(slash < 0 ? score : score.substring(0, slash));
                    cvss = cvss == null || v > cvss ? v : cvss;
                } catch (NumberFormatException ignored) {
                    // no score: left null, never guessed
                }
            }
            String severity = Xml.childText(Xml.child(meta, "advisory"), "severity");
            Map<String, String> fixed = new LinkedHashMap<>();
            for (Element c : Xml.all(def, "criterion")) {
                String[] t = tests.get(c.getAttribute("test_ref"));
                if (t == null) {
                    continue;   // the "Anolis OS N is installed" test
                }
                String name = objectNames.get(t[0]);
                String evr = stateEvrs.get(t[1]);
                if (name != null && evr != null && !evr.isBlank()) {
                    fixed.put(name, repairedEvr(name, evr.strip()));
                }
            }
            for (Map.Entry<String, String> f : fixed.entrySet()) {
                out.add(new VulnRecord(stream, f.getKey(), VulnRecord.BINARY_PACKAGE, f.getValue(),
                        VulnRecord.Status.fixed, advisories, cves, severity.isEmpty() ? null : severity, cvss, false,
                        NAME));
            }
        }
        return out;
    }

    /** {@code bind-chroot}, {@code 32:chroot-9.18.34-1.an23} → {@code 32:9.18.34-1.an23}; other EVRs unchanged. */
    static String repairedEvr(String name, String evr) {
        int colon = evr.indexOf(':');
        String epoch = colon < 0 ? "" : evr.substring(0, colon + 1);
        String rest = evr.substring(colon + 1);
        for (int k = name.indexOf('-'); k >= 0; k = name.indexOf('-', k + 1)) {
            String suffix = name.substring(k + 1) + "-";
            if (rest.startsWith(suffix) && rest.indexOf('-', suffix.length()) > 0) {
                return epoch + rest.substring(suffix.length());
            }
        }
        return evr;
    }
}
