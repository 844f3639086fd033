package cn.dengbao.sentinel.checks.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The set of rules, loaded and compiled. Built-in rules come from the classpath through index files, so the jar
 * needs no directory scanning: {@code rules/groups.txt} lists clause-group directories (one per line), and each
 * {@code rules/<group>/index.txt} lists that group's rule files relative to the group directory. A group listed
 * in groups.txt without an index.txt is an empty group (the two rule branches each own their groups' indexes).
 * Blank lines and lines starting with '#' are ignored in both. A top-level {@code rules/index.txt} (the original
 * single-index format, paths relative to rules/) is also read if present; a file listed twice loads once.
 *
 * <p>An extra directory given at run time is scanned recursively for *.yaml / *.yml; a rule there with the id of
 * a built-in rule replaces it, others are added.
 */
public final class RuleCatalog {

    static final String RULES_ROOT = "rules/";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static volatile RuleCatalog builtIn;

    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> byId;

    private RuleCatalog(List<CompiledRule> rules) {
        Map<String, CompiledRule> map = new LinkedHashMap<>();
        for (CompiledRule r : rules) {
            CompiledRule prev = map.put(r.id(), r);
            if (prev != null) {
                throw new RuleLoadException(r.origin + ": 规则 id 重复：" + r.id() + "（已在 " + prev.origin + " 中定义）");
            }
        }
        this.rules = List.copyOf(rules);
        this.byId = Map.copyOf(map);
    }

    /** The rules shipped in the jar; loaded and compiled once per JVM. */
    public static RuleCatalog builtIn() {
        RuleCatalog c = builtIn;
        if (c == null) {
            synchronized (RuleCatalog.class) {
                c = builtIn;
                if (c == null) {
                    c = new RuleCatalog(loadClasspath());
                    builtIn = c;
                }
            }
        }
        return c;
    }

    /** Built-in rules, with the rule files under {@code extraRulesDir} added or replacing built-ins by id. */
    public static RuleCatalog load(Path extraRulesDir) {
        Map<String, CompiledRule> merged = new LinkedHashMap<>();
        for (CompiledRule r : builtIn().rules) {
            merged.put(r.id(), r);
        }
        Map<String, CompiledRule> extra = new LinkedHashMap<>();
        for (CompiledRule r : loadDirectory(extraRulesDir)) {
            CompiledRule prev = extra.put(r.id(), r);
            if (prev != null) {
                throw new RuleLoadException(r.origin + ": 规则 id 重复：" + r.id() + "（已在 " + prev.origin + " 中定义）");
            }
            merged.put(r.id(), r);
        }
        return new RuleCatalog(new ArrayList<>(merged.values()));
    }

    /** Only the rules under a directory (no built-ins); for rule authors' tests. */
    public static RuleCatalog ofDirectory(Path dir) {
        return new RuleCatalog(loadDirectory(dir));
    }

    public List<RuleDefinition> definitions() {
        return rules.stream().map(r -> r.def).toList();
    }

    public int size() {
        return rules.size();
    }

    List<CompiledRule> compiled() {
        return rules;
    }

    CompiledRule find(String id) {
        return byId.get(id);
    }

    /** Parses and compiles one rule document; {@code origin} names it in every error. */
    static CompiledRule parse(String origin, InputStream in) {
        RuleDefinition def;
        try {
            def = YAML.readValue(in, RuleDefinition.class);
        } catch (IOException e) {
            throw new RuleLoadException(origin + ": YAML 无法解析：" + firstLine(e.getMessage()), e);
        }
        if (def == null) {
            throw new RuleLoadException(origin + ": 文件为空");
        }
        return new CompiledRule(def, origin);
    }

    /** A fresh compile of the built-in rules, bypassing the per-JVM instance (tests of the AST cache). */
    static RuleCatalog loadBuiltInFresh() {
        return new RuleCatalog(loadClasspath());
    }

    private static List<CompiledRule> loadClasspath() {
        try {
            return loadClasspathRules();
        } finally {
            CelSupport.saveCache();
        }
    }

    private static List<CompiledRule> loadClasspathRules() {
        ClassLoader cl = RuleCatalog.class.getClassLoader();
        // resource path -> the index file that listed it (for the error message), in listing order, no repeats
        Map<String, String> listed = new LinkedHashMap<>();
        for (String group : readLines(cl, RULES_ROOT + "groups.txt", true)) {
            String groupDir = RULES_ROOT + group + "/";
            for (String file : readLines(cl, groupDir + "index.txt", false)) {
                // Tolerate lines written relative to rules/ ("8.1.4.3/x.yaml") as well as to the group directory.
                String relative = file.startsWith(group + "/") ? file.substring(group.length() + 1) : file;
                listed.putIfAbsent(groupDir + relative, groupDir + "index.txt");
            }
        }
        // The single rules/index.txt of the original format is still honoured (paths relative to rules/).
        for (String file : readLines(cl, RULES_ROOT + "index.txt", false)) {
            listed.putIfAbsent(RULES_ROOT + file, RULES_ROOT + "index.txt");
        }
        // Compiling is CPU-bound and independent per file: use every core. Outcomes are gathered in listing order
        // and the first failure in that order is thrown, so errors stay deterministic.
        List<Object> outcomes = listed.entrySet().parallelStream()
                .map(e -> {
                    try {
                        return (Object) loadResource(cl, e.getKey(), e.getValue());
                    } catch (RuntimeException ex) {
                        return ex;
                    }
                })
                .toList();
        List<CompiledRule> out = new ArrayList<>(outcomes.size());
        for (Object o : outcomes) {
            if (o instanceof RuntimeException ex) {
                throw ex;
            }
            out.add((CompiledRule) o);
        }
        return out;
    }

    private static CompiledRule loadResource(ClassLoader cl, String path, String index) {
        try (InputStream in = cl.getResourceAsStream(path)) {
            if (in == null) {
                throw new RuleLoadException(path + ": 文件不存在（列在 " + index + " 中）");
            }
            return parse(path, in);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private static List<String> readLines(ClassLoader cl, String resource, boolean mandatory) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                if (mandatory) {
                    throw new RuleLoadException(resource + ": 索引文件不存在");
                }
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static List<CompiledRule> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleLoadException(dir + ": 规则目录不存在");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    // a rule's tests live beside it (<rule>.tests.yaml) and are not rules
                    .filter(p -> !p.getFileName().toString().matches(".*\\.tests\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RuleLoadException(dir + ": 无法读取规则目录：" + e.getMessage(), e);
        }
        List<CompiledRule> out = new ArrayList<>();
        try {
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(parse(p.toString(), in));
                } catch (IOException e) {
                    throw new RuleLoadException(p + ": 无法读取：" + e.getMessage(), e);
                }
            }
        } finally {
            CelSupport.saveCache();
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
