package cn.dengbao.sentinel.probes.firewall;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.PortReach;
import cn.dengbao.sentinel.proto.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Where firewalld lets one management port be reached from, the way firewalld applies its zones:
 * <ul>
 * <li>zones in force: the default zone (every interface and source not bound elsewhere), and every zone with an
 *   {@code <interface>} or {@code <source>} binding; a zone file in /etc/firewalld/zones replaces the packaged one
 *   of the same name in /usr/lib/firewalld/zones (an unmodified public zone exists only there, with ssh open);</li>
 * <li>a zone-level {@code <service>}/{@code <port>} (or target ACCEPT) opens the port to everything the zone
 *   receives: to any address in the default or an interface zone, to its bound sources in a source zone;</li>
 * <li>an accepting rich rule opens it to its {@code source address} (to any address without one, or with
 *   {@code not}); drop/reject rich rules are not subtracted, so "any" is never understated.</li>
 * </ul>
 * The result is "any", "sources" (with the list) or "nowhere", with every zone element that decided it.
 */
final class FirewalldReach {
    static final String PACKAGED_ZONES = "/usr/lib/firewalld/zones";

    private FirewalldReach() {
    }

    /** One zone's parts that matter for reachability. */
    private record Zone(String name, String path, Element root) {
    }

    static PortReach of(ProbeContext ctx, String defaultZone, int port, String service) {
        String dflt = defaultZone.isEmpty() ? "public" : defaultZone;
        Map<String, Zone> zones = new LinkedHashMap<>();
        for (String dir : List.of(Firewalld.ZONES, PACKAGED_ZONES)) {
            for (String path : ProbeFiles.glob(ctx, FirewallProbe.FACT, dir + "/*.xml")) {
                String name = path.substring(path.lastIndexOf('/') + 1, path.length() - 4);
                if (zones.containsKey(name)) {
                    continue;
                }
                Optional<String> xml = ProbeFiles.readIfPresent(ctx, FirewallProbe.FACT, path);
                if (xml.isEmpty()) {
                    continue;
                }
                try {
                    zones.put(name, new Zone(name, path, Firewalld.parse(xml.get())));
                } catch (Exception e) {
                    // Firewalld.read records the malformed /etc file; a packaged one is the distribution's
                }
            }
        }
        boolean any = false;
        Set<String> sources = new LinkedHashSet<>();
        List<Setting> evidence = new ArrayList<>();
        for (Zone z : zones.values()) {
            List<String> bound = children(z.root(), "source").stream()
                    .map(e -> e.hasAttribute("address") ? e.getAttribute("address") : "ipset:" + e.getAttribute("ipset")).toList();
            boolean interfaces = !children(z.root(), "interface").isEmpty();
            if (!z.name().equals(dflt) && bound.isEmpty() && !interfaces) {
                continue; // not in force
            }
            boolean sourceZone = !bound.isEmpty() && !z.name().equals(dflt) && !interfaces;
            String opened = opensAtZoneLevel(z.root(), port, service);
            if (opened != null) {
                evidence.add(setting(z, opened + (sourceZone ? "（区域绑定来源 " + String.join("、", bound) + "）" : "（对所有来源）")));
                if (sourceZone) {
                    sources.addAll(bound);
                } else {
                    any = true;
                }
            }
            for (Element rule : children(z.root(), "rule")) {
                if (!matchesPort(rule, port, service) || children(rule, "accept").isEmpty()) {
                    continue;
                }
                List<Element> src = children(rule, "source");
                String rendered = "rule " + Firewalld.richRule(rule);
                if (src.isEmpty() || src.get(0).getAttribute("invert").equalsIgnoreCase("true")) {
                    if (sourceZone) {
                        sources.addAll(bound);
                    } else {
                        any = true;
                    }
                    evidence.add(setting(z, rendered));
                } else {
                    Element s = src.get(0);
                    sources.add(s.hasAttribute("address") ? s.getAttribute("address") : "ipset:" + s.getAttribute("ipset"));
                    evidence.add(setting(z, rendered));
                }
            }
        }
        PortReach.Builder r = PortReach.newBuilder().setPort(port).setService(service).addAllEvidence(evidence);
        if (any) {
            return r.setReach("any").build();
        }
        return sources.isEmpty() ? r.setReach("nowhere").build() : r.setReach("sources").addAllSources(sources).build();
    }

    /** What opens the port at zone level ("service ssh", "port 22/tcp", "target ACCEPT"), or null. */
    private static String opensAtZoneLevel(Element zone, int port, String service) {
        if ("ACCEPT".equals(zone.getAttribute("target"))) {
            return "target=ACCEPT";
        }
        for (Element s : children(zone, "service")) {
            if (s.getAttribute("name").equals(service)) {
                return "<service name=\"" + service + "\"/>";
            }
        }
        for (Element p : children(zone, "port")) {
            if (!"udp".equals(p.getAttribute("protocol")) && covers(p.getAttribute("port"), port)) {
                return "<port port=\"" + p.getAttribute("port") + "\" protocol=\"" + p.getAttribute("protocol") + "\"/>";
            }
        }
        return null;
    }

    private static boolean matchesPort(Element rule, int port, String service) {
        for (Element s : children(rule, "service")) {
            if (s.getAttribute("name").equals(service)) {
                return true;
            }
        }
        for (Element p : children(rule, "port")) {
            if (!"udp".equals(p.getAttribute("protocol")) && covers(p.getAttribute("port"), port)) {
                return true;
            }
        }
        return false;
    }

    /** "22" or a range "20-30". */
    static boolean covers(String spec, int port) {
        try {
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Integer.parseInt(spec.strip()) == port;
            }
            return Integer.parseInt(spec.substring(0, dash).strip()) <= port && port <= Integer.parseInt(spec.substring(dash + 1).strip());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Setting setting(Zone z, String value) {
        return Setting.newBuilder().setKey(z.name()).setValue(value).setSource(ProbeContext.source(z.path(), 0, value)).build();
    }
}
