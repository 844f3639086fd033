package cn.dengbao.sentinel.probes.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Small YAML documents (agent.yaml, the product catalogs) read as plain maps with SnakeYAML's safe constructor.
 * The agent used to bind them with Jackson databind, which alone loaded ~560 classes (several MiB of metaspace that
 * a daemon keeps all day, and a few hundred ms of CPU at every start) to read a dozen keys.
 */
public final class YamlMaps {
    private YamlMaps() {
    }

    /** The document's top-level mapping; an empty document is an empty map. */
    public static Map<String, Object> load(String yaml, String what) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setMaxAliasesForCollections(10);
        opts.setCodePointLimit(1024 * 1024);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(opts)).load(yaml);
        } catch (RuntimeException e) {
            // SnakeYAML's message quotes the input around the problem; keep only where it is
            throw new IllegalArgumentException(what + " is not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        return map(doc, what);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException(what + ": keys must be strings");
            }
        }
        return (Map<String, Object>) m;
    }

    /** Refuses keys outside {@code known}: a misspelt setting must not be silently ignored. */
    public static void onlyKeys(Map<String, Object> m, Set<String> known, String what) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(what + ": unknown setting '" + k + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    public static String string(Map<String, Object> m, String key, String dflt, String what) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new IllegalArgumentException(what + ": " + key + " must be a string");
    }

    public static long integer(Map<String, Object> m, String key, long dflt, String what) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(what + ": " + key + " must be a whole number");
    }

    public static int smallInt(Map<String, Object> m, String key, int dflt, String what) {
        long v = integer(m, key, dflt, what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + key + " is out of range");
        }
        return (int) v;
    }

    public static boolean bool(Map<String, Object> m, String key, boolean dflt, String what) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(what + ": " + key + " must be true or false");
    }

    /** A list of strings; a single scalar counts as a one-element list. */
    public static List<String> strings(Map<String, Object> m, String key, String what) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> {
                if (x instanceof Map<?, ?> || x instanceof List<?> || x == null) {
                    throw new IllegalArgumentException(what + ": " + key + " must list plain values");
                }
                return x.toString();
            }).toList();
        }
        if (v instanceof Map<?, ?>) {
            throw new IllegalArgumentException(what + ": " + key + " must be a list");
        }
        return List.of(v.toString());
    }
}
