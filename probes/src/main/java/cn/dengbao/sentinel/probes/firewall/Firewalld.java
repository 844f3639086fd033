package cn.dengbao.sentinel.probes.firewall;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Firewall;
import cn.dengbao.sentinel.proto.Setting;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** firewalld: default zone and the administrator's zone files (services, ports, sources, rich rules). */
final class Firewalld {
    static final String CONF = "/etc/firewalld/firewalld.conf";
    static final String ZONES = "/etc/firewalld/zones";
    static final List<ProbePath> PATHS = List.of(ProbePath.read(CONF), ProbePath.read(ZONES + "/*.xml"),
            ProbePath.read(FirewalldReach.PACKAGED_ZONES + "/*.xml"));

    private Firewalld() {
    }

    static void read(ProbeContext ctx, Firewall.Builder out) {
        ProbeFiles.readIfPresent(ctx, FirewallProbe.FACT, CONF).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = ConfigText.stripComment(line.text());
                if (t.startsWith("DefaultZone=")) {
                    out.setFirewalldDefaultZone(ConfigText.unquote(t.substring("DefaultZone=".length())));
                }
            }
        });
        for (String path : ProbeFiles.glob(ctx, FirewallProbe.FACT, ZONES + "/*.xml")) {
            String zone = path.substring(path.lastIndexOf('/') + 1, path.length() - 4);
            ProbeFiles.readIfPresent(ctx, FirewallProbe.FACT, path).ifPresent(xml -> {
                try {
                    for (String[] kv : zoneRules(xml)) {
                        out.addFirewalldZoneRules(Setting.newBuilder().setKey(zone + "/" + kv[0]).setValue(kv[1])
                                .setSource(ProbeContext.source(path, 0, "<" + kv[0] + "> " + kv[1])));
                    }
                } catch (Exception e) {
                    ctx.error(FirewallProbe.FACT, path, ErrorKind.MALFORMED, "zone file is not valid XML");
                }
            });
        }
        if (out.getFirewalldInstalled()) {
            out.addFirewalldReach(FirewalldReach.of(ctx, out.getFirewalldDefaultZone(), 22, "ssh"));
        }
    }

    /** Pairs of (kind, value): service, port, source, target, rich-rule. */
    static List<String[]> zoneRules(String xml) throws Exception {
        Element root = parse(xml);
        List<String[]> out = new ArrayList<>();
        if (root.hasAttribute("target")) {
            out.add(new String[] {"target", root.getAttribute("target")});
        }
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "service" -> out.add(new String[] {"service", e.getAttribute("name")});
                case "port" -> out.add(new String[] {"port", e.getAttribute("port") + "/" + e.getAttribute("protocol")});
                case "source" -> out.add(new String[] {"source", e.hasAttribute("address") ? e.getAttribute("address") : e.getAttribute("ipset")});
                case "interface" -> out.add(new String[] {"interface", e.getAttribute("name")});
                case "rule" -> out.add(new String[] {"rich-rule", richRule(e)});
                default -> {
                }
            }
        }
        return out;
    }

    /** A zone file's root element, parsed without DTDs or external entities (zone files come from the host). */
    static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // zone files come from the scanned host: no DTDs, no external entities
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                throw e;
            }
        }); // the default handler would print hostile content to stderr
        Document doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    /** Renders a rich rule close to firewall-cmd's text form, e.g. "source address=10.0.0.0/8 service name=ssh accept". */
    static String richRule(Element rule) {
        StringBuilder sb = new StringBuilder();
        if (rule.hasAttribute("family")) {
            sb.append("family=").append(rule.getAttribute("family")).append(' ');
        }
        NodeList parts = rule.getChildNodes();
        for (int i = 0; i < parts.getLength(); i++) {
            if (!(parts.item(i) instanceof Element p)) {
                continue;
            }
            sb.append(p.getTagName());
            var attrs = p.getAttributes();
            for (int j = 0; j < attrs.getLength(); j++) {
                sb.append(' ').append(attrs.item(j).getNodeName()).append('=').append(attrs.item(j).getNodeValue());
            }
            sb.append(' ');
        }
        return sb.toString().strip();
    }
}
