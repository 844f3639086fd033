package cn.dengbao.sentinel.checks.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator tuning without a rebuild: parameter overrides ({@code <rule-id>.<name>}), disabled rules, risk
 * overrides and default host attributes. {@link #load(Path)} overlays a file on the built-in default profile.
 * Names of rules and parameters are checked against the catalog when a {@link RuleEngine} is built.
 */
public final class Profile {

    static final String BUILT_IN = "profiles/default.yaml";

    private final String name;
    private final String origin;
    private final Map<String, Object> params;
    private final Set<String> disabled;
    private final Map<String, String> riskOverrides;
    private final Map<String, String> attributes;

    record ProfileFile(
            String name,
            String description,
            Map<String, Object> params,
            List<String> disabled,
            @JsonProperty("risk_overrides") Map<String, String> riskOverrides,
            Map<String, String> attributes) {}

    private Profile(String name, String origin, Map<String, Object> params, Set<String> disabled,
                    Map<String, String> riskOverrides, Map<String, String> attributes) {
        this.name = name;
        this.origin = origin;
        this.params = Map.copyOf(params);
        this.disabled = Set.copyOf(disabled);
        this.riskOverrides = Map.copyOf(riskOverrides);
        this.attributes = Map.copyOf(attributes);
    }

    public static Profile builtIn() {
        try (InputStream in = Profile.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new ProfileException(BUILT_IN + ": 内置基线文件不存在");
            }
            return fromFile(BUILT_IN, parse(BUILT_IN, in));
        } catch (IOException e) {
            throw new ProfileException(BUILT_IN + ": " + e.getMessage(), e);
        }
    }

    /** The file's settings overlaid on the built-in profile. */
    public static Profile load(Path file) {
        return builtIn().overlay(file);
    }

    /** A profile with no settings, for catalogs other than the built-in one (rule authors' tests). */
    public static Profile empty() {
        return new Profile("empty", "empty", Map.of(), Set.of(), Map.of(), Map.of());
    }

    /** This profile with the file's settings overlaid (later files win). */
    public Profile overlay(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return overlay(file.toString(), parse(file.toString(), in));
        } catch (IOException e) {
            throw new ProfileException(file + ": 无法读取基线文件：" + e.getMessage(), e);
        }
    }

    /** A profile from a classpath resource (e.g. profiles/lenient-assessor.yaml), overlaid on the built-in. */
    public static Profile resource(String resource) {
        try (InputStream in = Profile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException(resource + ": 基线文件不存在");
            }
            return builtIn().overlay(resource, parse(resource, in));
        } catch (IOException e) {
            throw new ProfileException(resource + ": " + e.getMessage(), e);
        }
    }

    private static ProfileFile parse(String origin, InputStream in) {
        try {
            ProfileFile f = RuleCatalog.YAML.readValue(in, ProfileFile.class);
            if (f == null) {
                throw new ProfileException(origin + ": 文件为空");
            }
            return f;
        } catch (IOException e) {
            throw new ProfileException(origin + ": YAML 无法解析：" + RuleCatalog.firstLine(e.getMessage()), e);
        }
    }

    private static Profile fromFile(String origin, ProfileFile f) {
        return new Profile(f.name() == null ? origin : f.name(), origin, Map.of(), Set.of(), Map.of(), Map.of())
                .overlay(origin, f);
    }

    private Profile overlay(String origin, ProfileFile f) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        if (f.params() != null) {
            f.params().forEach((k, v) -> {
                if (v == null) {
                    throw new ProfileException(origin + ": 参数 " + k + " 没有取值");
                }
                try {
                    p.put(k, Params.value(v));
                } catch (IllegalArgumentException e) {
                    throw new ProfileException(origin + ": params." + k + "：" + e.getMessage());
                }
            });
        }
        Set<String> d = new LinkedHashSet<>(disabled);
        if (f.disabled() != null) {
            d.addAll(f.disabled());
        }
        Map<String, String> r = new LinkedHashMap<>(riskOverrides);
        if (f.riskOverrides() != null) {
            f.riskOverrides().forEach((k, v) -> {
                if (!Set.of("LOW", "MEDIUM", "HIGH").contains(v)) {
                    throw new ProfileException(origin + ": risk_overrides." + k + " 必须是 LOW | MEDIUM | HIGH：" + v);
                }
                r.put(k, v);
            });
        }
        Map<String, String> a = new LinkedHashMap<>(attributes);
        if (f.attributes() != null) {
            f.attributes().forEach((k, v) -> HostAttributes.problem(k, v).ifPresent(problem -> {
                throw new ProfileException(origin + ": attributes." + k + "：" + problem);
            }));
            a.putAll(f.attributes());
        }
        String n = f.name() != null ? f.name() : name;
        return new Profile(n, origin, p, d, r, a);
    }

    /** Fails with a clear message when the profile names a rule or parameter the catalog does not have. */
    void validateAgainst(RuleCatalog catalog) {
        for (String key : params.keySet()) {
            int dot = key.lastIndexOf('.');
            if (dot <= 0) {
                throw new ProfileException(origin + ": 参数名 " + key + " 必须写作 <规则id>.<参数名>");
            }
            String ruleId = key.substring(0, dot);
            String param = key.substring(dot + 1);
            CompiledRule rule = catalog.find(ruleId);
            if (rule == null) {
                throw new ProfileException(origin + ": 未知参数 " + key + "：没有 id 为 " + ruleId + " 的规则");
            }
            if (!rule.defaultParams.containsKey(param)) {
                throw new ProfileException(origin + ": 未知参数 " + key + "：规则 " + ruleId + " 的参数为 "
                        + rule.defaultParams.keySet());
            }
            String why = ParamSchema.violation(rule.defaultParams.get(param), params.get(key),
                    rule.def.paramLimits().get(param));
            if (why != null) {
                throw new ProfileException(origin + ": params." + key + "：" + why);
            }
        }
        for (String id : disabled) {
            if (catalog.find(id) == null) {
                throw new ProfileException(origin + ": disabled 中的规则不存在：" + id);
            }
        }
        for (String id : riskOverrides.keySet()) {
            if (catalog.find(id) == null) {
                throw new ProfileException(origin + ": risk_overrides 中的规则不存在：" + id);
            }
        }
    }

    public String name() {
        return name;
    }

    public Map<String, Object> params() {
        return params;
    }

    public Set<String> disabled() {
        return disabled;
    }

    public Map<String, String> riskOverrides() {
        return riskOverrides;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** A copy of this profile with more settings, for programmatic tuning and tests. */
    public Profile with(Map<String, Object> moreParams, Set<String> moreDisabled, Map<String, String> moreRiskOverrides) {
        return overlay(origin, new ProfileFile(null, null, moreParams, List.copyOf(moreDisabled), moreRiskOverrides, null));
    }
}
