package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code <rule>.tests.yaml} strictly: unknown keys, wrong kinds, unknown statuses and duplicate case names
 * are refused in one line naming the file and the case, because a tests file that half-loads would report a rule
 * as tested when it is not.
 */
public final class RuleTestParser {

    /** A tests file is small; anything larger is a mistake or hostile. */
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_CASES = 500;

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> FILE_KEYS = Set.of("rule", "cases", "no_case");
    private static final Set<String> CASE_KEYS = Set.of("name", "base", "attrs", "change", "expect");
    private static final Set<String> CHANGE_KEYS = Set.of("remove", "set", "append");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "risk", "evidence", "risk_reason", "major_hazard");

    private RuleTestParser() {
    }

    public static RuleTestFile parse(String origin, Path dir, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new RuleTestException(origin + ": 文件超过 " + MAX_BYTES + " 字节，拒绝读取");
        }
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            throw new RuleTestException(origin + ": YAML 无法解析：" + oneLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new RuleTestException(origin + ": 顶层应为映射（rule、cases）");
        }
        onlyKeys(root, FILE_KEYS, origin + ": ");
        String rule = text(root, "rule", origin + ": ", true);
        Map<Status, String> noCase = new EnumMap<>(Status.class);
        JsonNode nc = root.get("no_case");
        if (nc != null) {
            if (!nc.isObject()) {
                throw new RuleTestException(origin + ": no_case 应为映射（判定: 原因）");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = nc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Status s = status(e.getKey(), origin + ": no_case: ");
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    throw new RuleTestException(origin + ": no_case: " + e.getKey() + " 须写明原因");
                }
                noCase.put(s, e.getValue().asText());
            }
        }
        JsonNode cases = root.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new RuleTestException(origin + ": cases 应为非空列表");
        }
        if (cases.size() > MAX_CASES) {
            throw new RuleTestException(origin + ": 用例超过 " + MAX_CASES + " 个");
        }
        List<RuleTestCase> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode c : cases) {
            i++;
            String where = origin + ": 第 " + i + " 个用例";
            if (!c.isObject()) {
                throw new RuleTestException(where + " 应为映射");
            }
            String name = text(c, "name", where + ": ", true);
            where = origin + ": 用例「" + name + "」";
            if (!names.add(name)) {
                throw new RuleTestException(where + ": 用例名重复");
            }
            out.add(testCase(c, name, where + ": "));
        }
        return new RuleTestFile(origin, dir, rule, out, noCase);
    }

    private static RuleTestCase testCase(JsonNode c, String name, String where) {
        onlyKeys(c, CASE_KEYS, where);
        String base = text(c, "base", where, true);
        Map<String, String> attrs = new LinkedHashMap<>();
        JsonNode a = c.get("attrs");
        if (a != null) {
            if (!a.isObject()) {
                throw new RuleTestException(where + "attrs 应为映射（属性: 值）");
            }
            a.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new RuleTestException(where + "attrs." + e.getKey() + " 应为文字");
                }
                attrs.put(e.getKey(), e.getValue().asText());
            });
        }
        FactsPatch change = change(c.get("change"), where);
        JsonNode ex = c.get("expect");
        if (ex == null || !ex.isObject()) {
            throw new RuleTestException(where + "缺少 expect（status、risk、evidence）");
        }
        onlyKeys(ex, EXPECT_KEYS, where + "expect: ");
        Status status = status(text(ex, "status", where + "expect: ", true), where + "expect: ");
        Risk risk = risk(text(ex, "risk", where + "expect: ", true), where + "expect: ");
        String evidence = text(ex, "evidence", where + "expect: ", true);
        String reason = text(ex, "risk_reason", where + "expect: ", false);
        Boolean major = null;
        JsonNode m = ex.get("major_hazard");
        if (m != null) {
            if (!m.isBoolean()) {
                throw new RuleTestException(where + "expect: major_hazard 应为 true 或 false");
            }
            major = m.asBoolean();
        }
        return new RuleTestCase(name, base, change, attrs, status, risk, evidence, reason, major);
    }

    private static FactsPatch change(JsonNode ch, String where) {
        if (ch == null || ch.isNull()) {
            return FactsPatch.NONE;
        }
        if (!ch.isObject()) {
            throw new RuleTestException(where + "change 应为映射（remove、set、append）");
        }
        onlyKeys(ch, CHANGE_KEYS, where + "change: ");
        List<String> remove = new ArrayList<>();
        JsonNode r = ch.get("remove");
        if (r != null) {
            if (!r.isArray()) {
                throw new RuleTestException(where + "change.remove 应为路径列表");
            }
            for (JsonNode p : r) {
                if (!p.isTextual()) {
                    throw new RuleTestException(where + "change.remove 的每一项应为路径文字");
                }
                remove.add(p.asText());
            }
        }
        Map<String, JsonNode> set = pathMap(ch.get("set"), where + "change.set");
        Map<String, JsonNode> append = pathMap(ch.get("append"), where + "change.append");
        FactsPatch patch = new FactsPatch(remove, set, append);
        try {
            for (String p : remove) {
                FactsPatch.parse(p);
            }
            for (String p : set.keySet()) {
                FactsPatch.parse(p);
            }
            for (String p : append.keySet()) {
                FactsPatch.parse(p);
            }
        } catch (IllegalArgumentException e) {
            throw new RuleTestException(where + "change: " + e.getMessage());
        }
        return patch;
    }

    private static Map<String, JsonNode> pathMap(JsonNode n, String where) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        if (!n.isObject()) {
            throw new RuleTestException(where + " 应为映射（路径: 值）");
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void onlyKeys(JsonNode n, Set<String> allowed, String where) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new RuleTestException(where + "未知的键 " + k + "（可用：" + String.join("、", allowed.stream().sorted().toList()) + "）");
            }
        });
    }

    private static String text(JsonNode n, String key, String where, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new RuleTestException(where + "缺少 " + key);
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new RuleTestException(where + key + " 应为非空文字");
        }
        return v.asText();
    }

    static Status status(String s, String where) {
        return switch (s) {
            case "PASS", "FAIL", "PARTIAL", "NOT_APPLICABLE", "MANUAL", "ERROR" -> Status.valueOf(s);
            default -> throw new RuleTestException(where + "未知判定 " + s
                    + "（可用：PASS、FAIL、PARTIAL、NOT_APPLICABLE、MANUAL、ERROR）");
        };
    }

    static Risk risk(String s, String where) {
        return switch (s) {
            case "HIGH", "MEDIUM", "LOW", "NONE" -> Risk.valueOf(s);
            default -> throw new RuleTestException(where + "未知风险等级 " + s + "（可用：HIGH、MEDIUM、LOW、NONE）");
        };
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
