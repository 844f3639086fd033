package cn.dengbao.sentinel.collector.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the scoring parameter files; a broken file fails with its name in the message. */
final class YamlResource {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlResource() {
    }

    static JsonNode classpath(String name) {
        try (InputStream in = YamlResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("无法解析评分参数文件 " + name + ": " + e.getMessage(), e);
        }
    }

    static JsonNode file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("无法读取评分参数文件 " + path + ": " + e.getMessage(), e);
        }
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("评分参数缺少字段: " + field);
        }
        return v;
    }
}
