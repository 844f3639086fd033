package cn.dengbao.sentinel.checks.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The operator-set host attributes that decide risk where the host cannot show it (internet-facing, behind an MFA
 * bastion …), declared once in {@code catalog/host-attributes.yaml}. Values are exactly "true" or "false": a typo
 * ({@code internet_facng}) or a maybe ({@code internet_facing=maybe}) would otherwise read as "false" and lower a
 * high risk without anyone noticing.
 */
public final class HostAttributes {
    static final String RESOURCE = "catalog/host-attributes.yaml";
    private static final Map<String, String> KNOWN = load();

    private HostAttributes() {
    }

    /** Attribute names with their zh-CN meaning, in the catalog's order. */
    public static Map<String, String> known() {
        return KNOWN;
    }

    /**
     * Checks one attribute setting; returns the canonical value ("true" or "false").
     *
     * @throws IllegalArgumentException with a zh-CN message naming the known attributes or values
     */
    public static String check(String name, String value) {
        if (!KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("未知的主机属性 " + name + "（unknown host attribute）；可用的属性："
                    + String.join(", ", KNOWN.keySet()));
        }
        String v = value == null ? "" : value.strip();
        if (!Set.of("true", "false").contains(v)) {
            throw new IllegalArgumentException("主机属性 " + name + " 的取值只能是 true 或 false（got '" + value + "'）");
        }
        return v;
    }

    /** Every setting checked, values canonical; the message of the first bad one otherwise. */
    public static Map<String, String> checkAll(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, check(k, v)));
        return out;
    }

    private static Map<String, String> load() {
        try (InputStream in = HostAttributes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the checks jar");
            }
            Map<String, String> m = RuleCatalog.YAML.readValue(in,
                    RuleCatalog.YAML.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
