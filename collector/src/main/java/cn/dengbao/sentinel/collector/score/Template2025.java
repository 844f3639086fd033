package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
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
        return fromTree(YamlResource.classpath("/scoring/2025.yaml"), ClauseCatalog.level3Host());
    }

    public static Template2025 load(Path file) {
        return fromTree(YamlResource.file(file), ClauseCatalog.level3Host());
    }

    /** A conclusion's {@code min_rate} defaults to the clause catalog's {@code conclusion_2025} cut-off. */
    static Template2025 fromTree(JsonNode root, ClauseCatalog catalog) {
        List<Conclusion> cs = new ArrayList<>();
        for (JsonNode c : root.path("conclusions")) {
            String name = c.path("name").asText();
            cs.add(new Conclusion(name, c.has("min_rate") ? c.get("min_rate").asDouble() : catalog.conclusion2025(name)));
        }
        return new Template2025(root.path("partial_value").asDouble(0.5), List.copyOf(cs),
                root.path("fallback_conclusion").asText("不符合"), root.path("formula").asText(""));
    }
}
