package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.proto.Risk;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of the 2021 template's score estimate ({@code scoring/2021.yaml}). The formula is UNCONFIRMED,
 * hence every number lives in the data file, not here.
 */
public record Template2021(double baseDeduction, double partialValue, double minScore,
                           Map<Importance, Double> weights, List<Band> bands, String fallbackBand,
                           Set<String> passingBands, String formula) {

    /** A grade: reached with at least {@code minScore} and no open finding of a {@code forbidRisks} level. */
    public record Band(String name, double minScore, Set<Risk> forbidRisks) {
    }

    public static Template2021 builtIn() {
        return fromTree(YamlResource.classpath("/scoring/2021.yaml"), ClauseCatalog.level3Host());
    }

    public static Template2021 load(Path file) {
        return fromTree(YamlResource.file(file), ClauseCatalog.level3Host());
    }

    /**
     * {@code weights}, {@code base_deduction} and each band's {@code min_score} default to the clause catalog's
     * scoring block when the file omits them, so the numbers live in one place.
     */
    static Template2021 fromTree(JsonNode root, ClauseCatalog catalog) {
        Map<Importance, Double> weights = new EnumMap<>(Importance.class);
        root.path("weights").fields().forEachRemaining(e ->
                weights.put(Importance.parse(e.getKey()), e.getValue().asDouble()));
        for (Importance i : Importance.values()) {
            weights.putIfAbsent(i, catalog.weightFactor(i.label()));
        }
        List<Band> bands = new ArrayList<>();
        for (JsonNode b : root.path("bands")) {
            Set<Risk> forbid = EnumSet.noneOf(Risk.class);
            b.path("forbid_risks").forEach(r -> forbid.add(Risk.valueOf(r.asText())));
            String name = b.path("name").asText();
            double min = b.has("min_score") ? b.get("min_score").asDouble() : catalog.band2021(name);
            bands.add(new Band(name, min, forbid));
        }
        Set<String> passing = new LinkedHashSet<>();
        root.path("passing_bands").forEach(p -> passing.add(p.asText()));
        return new Template2021(
                root.path("base_deduction").asDouble(catalog.baseDeduction()),
                root.path("partial_value").asDouble(0.5),
                root.path("min_score").asDouble(0),
                weights, List.copyOf(bands), root.path("fallback_band").asText("差"), passing,
                root.path("formula").asText(""));
    }

    public double weight(Importance i) {
        return weights.get(i);
    }
}
