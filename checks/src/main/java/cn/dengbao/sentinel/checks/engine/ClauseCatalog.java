package cn.dengbao.sentinel.checks.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The level-3 host items of 8.1.4 as data ({@code catalog/level3-host.yaml}), with the 2021 template's
 * importance weights and base deduction kept as parameters because their exact values are unconfirmed.
 */
public final class ClauseCatalog {

    static final String RESOURCE = "catalog/level3-host.yaml";
    private static final Set<String> WEIGHTS = Set.of("关键", "重要", "一般");

    private static volatile ClauseCatalog level3Host;

    private final List<ClauseItem> items;
    private final Map<String, ClauseItem> byClause;
    private final Map<String, Double> weightFactors;
    private final double baseDeduction;
    private final Map<String, Double> bands2021;
    private final Map<String, Double> conclusion2025;

    record CatalogFile(
            String name,
            String note,
            Scoring scoring,
            List<ClauseItem> items) {}

    record Scoring(
            @JsonProperty("weight_factors") Map<String, Double> weightFactors,
            @JsonProperty("base_deduction") Double baseDeduction,
            String note,
            @JsonProperty("bands_2021") Map<String, Double> bands2021,
            @JsonProperty("conclusion_2025") Map<String, Double> conclusion2025) {}

    private ClauseCatalog(CatalogFile f) {
        if (f.items() == null || f.items().isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": items 为空");
        }
        Map<String, ClauseItem> map = new LinkedHashMap<>();
        for (ClauseItem i : f.items()) {
            if (i.clause() == null || i.control() == null || i.summary() == null || i.text() == null
                    || !WEIGHTS.contains(i.weight())) {
                throw new IllegalStateException(RESOURCE + ": 条目不完整或权重不是 关键/重要/一般：" + i);
            }
            if (map.put(i.clause(), i) != null) {
                throw new IllegalStateException(RESOURCE + ": 条款重复：" + i.clause());
            }
        }
        this.items = List.copyOf(f.items());
        this.byClause = Map.copyOf(map);
        this.weightFactors = f.scoring() == null || f.scoring().weightFactors() == null
                ? Map.of("关键", 3.0, "重要", 2.0, "一般", 1.0) : Map.copyOf(f.scoring().weightFactors());
        this.baseDeduction = f.scoring() == null || f.scoring().baseDeduction() == null ? 1.0 : f.scoring().baseDeduction();
        this.bands2021 = f.scoring() == null || f.scoring().bands2021() == null
                ? Map.of("优", 90.0, "良", 80.0, "中", 70.0) : Map.copyOf(f.scoring().bands2021());
        this.conclusion2025 = f.scoring() == null || f.scoring().conclusion2025() == null
                ? Map.of("符合", 1.0, "基本符合", 0.7) : Map.copyOf(f.scoring().conclusion2025());
    }

    public static ClauseCatalog level3Host() {
        ClauseCatalog c = level3Host;
        if (c == null) {
            synchronized (ClauseCatalog.class) {
                c = level3Host;
                if (c == null) {
                    try (InputStream in = ClauseCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + ": 不存在");
                        }
                        c = new ClauseCatalog(RuleCatalog.YAML.readValue(in, CatalogFile.class));
                    } catch (IOException e) {
                        throw new IllegalStateException(RESOURCE + ": " + RuleCatalog.firstLine(e.getMessage()), e);
                    }
                    level3Host = c;
                }
            }
        }
        return c;
    }

    public List<ClauseItem> items() {
        return items;
    }

    public Optional<ClauseItem> find(String clause) {
        return Optional.ofNullable(byClause.get(clause));
    }

    /** Multiplier of the base deduction per importance (关键 ×3, 重要 ×2, 一般 ×1 by default). */
    public double weightFactor(String weight) {
        return weightFactors.getOrDefault(weight, 1.0);
    }

    public double baseDeduction() {
        return baseDeduction;
    }

    /** Lower score bound of a 2021 band (优 / 良 / 中). */
    public double band2021(String band) {
        return bands2021.getOrDefault(band, 100.0);
    }

    /** Lower compliance-rate bound of a 2025 conclusion (符合 / 基本符合). */
    public double conclusion2025(String conclusion) {
        return conclusion2025.getOrDefault(conclusion, 1.0);
    }
}
