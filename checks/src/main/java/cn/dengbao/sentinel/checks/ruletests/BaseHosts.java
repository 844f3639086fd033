package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.proto.json.FactsJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base hosts of rule tests: hardened hosts of each OS family as facts JSON, shipped in the jar under
 * {@code rules/test-hosts/<name>.json} and listed in its {@code index.txt}. A custom rules directory may also
 * name its own facts file ({@code base: hosts/web01.json}, relative to the tests file).
 */
public final class BaseHosts {

    static final String ROOT = "rules/test-hosts/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> CACHE = new ConcurrentHashMap<>();

    private BaseHosts() {
    }

    /** The built-in base host names, in index order (Debian 12 first). */
    public static List<String> names() {
        try (InputStream in = BaseHosts.class.getClassLoader().getResourceAsStream(ROOT + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException(ROOT + "index.txt missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The facts JSON of {@code base}: a built-in name, or (with {@code dir}) a .json file under the tests' directory. */
    static ObjectNode load(String base, Path dir) {
        if (base.endsWith(".json")) {
            if (dir == null) {
                throw new IllegalArgumentException("内置规则测试只能使用内置基准主机：" + String.join("、", names()));
            }
            Path file = dir.resolve(base).normalize();
            return CACHE.computeIfAbsent(file.toAbsolutePath().toString(), k -> {
                try {
                    if (Files.size(file) > FactsJson.DEFAULT_MAX_BYTES) {
                        throw new IllegalArgumentException("基准主机文件过大：" + file);
                    }
                    String json = Files.readString(file, StandardCharsets.UTF_8);
                    FactsJson.parse(json); // refuse a file that is not facts before any case uses it
                    return object(JSON.readTree(json), file.toString());
                } catch (IOException e) {
                    throw new IllegalArgumentException("无法读取基准主机 " + file + "：" + RuleTestParser.oneLine(e.getMessage()));
                }
            });
        }
        if (!names().contains(base)) {
            throw new IllegalArgumentException("未知的基准主机 " + base + "（可用：" + String.join("、", names()) + "，或 .json 文件）");
        }
        return CACHE.computeIfAbsent(base, k -> {
            try (InputStream in = BaseHosts.class.getClassLoader().getResourceAsStream(ROOT + base + ".json")) {
                if (in == null) {
                    throw new IllegalStateException(ROOT + base + ".json missing from the jar");
                }
                return object(JSON.readTree(in), base);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static ObjectNode object(JsonNode n, String what) {
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("基准主机不是 JSON 对象：" + what);
        }
        return o;
    }
}
