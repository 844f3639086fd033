package cn.dengbao.sentinel.checks.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator may say about a host that the host cannot show (internet-facing, behind an MFA bastion …),
 * declared once in {@code catalog/host-attributes.yaml} with its zh-CN meaning; each is {@code true} or
 * {@code false}. Rules compare {@code attrs.x == 'true'}, so a misspelt name or a value such as {@code maybe} would
 * silently count as false and lower a high risk: both are refused where attributes are set (the evaluate command's
 * {@code --attr}, a profile's {@code attributes}) and a rule reading an undeclared attribute does not load.
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

    /** Why {@code key=value} is not a host attribute setting, empty when it is one. */
    public static Optional<String> problem(String key, String value) {
        if (!KNOWN.containsKey(key)) {
            return Optional.of("未知的主机属性 " + key + " (unknown host attribute; known: "
                    + String.join(", ", KNOWN.keySet()) + ")");
        }
        if (!"true".equals(value) && !"false".equals(value)) {
            return Optional.of("主机属性 " + key + " 的取值只能是 true 或 false (must be true or false): " + value);
        }
        return Optional.empty();
    }

    /** Refuses the first setting that is not a known attribute set to true or false. */
    public static void requireValid(Map<String, String> attributes) {
        attributes.forEach((k, v) -> problem(k, v).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        }));
    }

    private static Map<String, String> load() {
        try (InputStream in = HostAttributes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the checks jar");
            }
            Map<String, String> m = RuleCatalog.YAML.readValue(in,
                    RuleCatalog.YAML.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
            return Collections.unmodifiableMap(new LinkedHashMap<>(m));
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
