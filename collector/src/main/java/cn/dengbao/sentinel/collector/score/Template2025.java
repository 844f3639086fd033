package cn.dengbao.sentinel.collector.score;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parameters of the 2025 template's compliance rate and conclusion ({@code scoring/2025.yaml}); cut-offs UNCONFIRMED. */
public record Template2025(double partialValue, List<Conclusion> conclusions, String fallbackConclusion, String formula) {

    /** A conclusion reached with a compliance rate (0..1) of at least {@code minRate} and no open high risk. */
    public record Conclusion(String name, double minRate) {
    }

    public static Template2025 builtIn() {
        return fromTree(YamlResource.classpath("/scoring/2025.yaml"));
    }

    public static Template2025 load(Path file) {
        return fromTree(YamlResource.file(file));
    }

    static Template2025 fromTree(JsonNode root) {
        List<Conclusion> cs = new ArrayList<>();
        for (JsonNode c : root.path("conclusions")) {
            cs.add(new Conclusion(c.path("name").asText(), YamlResource.required(c, "min_rate").asDouble()));
        }
        return new Template2025(root.path("partial_value").asDouble(0.5), List.copyOf(cs),
                root.path("fallback_conclusion").asText("不符合"), root.path("formula").asText(""));
    }
}
