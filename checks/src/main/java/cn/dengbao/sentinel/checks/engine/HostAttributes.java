package cn.dengbao.sentinel.checks.engine;

import java.util.Map;
import java.util.Optional;

/**
 * What an operator may say about a host that the host cannot show: the attributes of
 * {@link RuleEngine#KNOWN_ATTRIBUTES}, each {@code true} or {@code false}. Rules compare {@code attrs.x == 'true'},
 * so a misspelt name or a value such as {@code maybe} would silently count as false: both are refused where
 * attributes are set (the evaluate command's {@code --attr}, a profile's {@code attributes}).
 */
public final class HostAttributes {
    private HostAttributes() {
    }

    /** Why {@code key=value} is not a host attribute setting, empty when it is one. */
    public static Optional<String> problem(String key, String value) {
        if (!RuleEngine.KNOWN_ATTRIBUTES.contains(key)) {
            return Optional.of("未知的主机属性 " + key + " (unknown host attribute; known: "
                    + String.join(", ", RuleEngine.KNOWN_ATTRIBUTES) + ")");
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
}
