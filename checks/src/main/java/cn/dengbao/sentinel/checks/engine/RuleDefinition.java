package cn.dengbao.sentinel.checks.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One rule as written in its YAML file (see RULES-FORMAT.md). Immutable; the loader validates it and compiles
 * its expressions into a {@link CompiledRule}.
 */
public record RuleDefinition(
        String id,
        String clause,
        List<String> clauses,
        String control,
        String title,
        @JsonProperty("applies_to") List<String> appliesTo,
        List<String> requires,
        Map<String, Object> params,
        @JsonProperty("param_limits") Map<String, ParamLimits> paramLimits,
        String when,
        @JsonProperty("not_applicable") String notApplicable,
        String mode,
        String pass,
        String partial,
        @JsonProperty("manual_when") String manualWhen,
        String manual,
        List<EvidenceSpec> evidence,
        Messages messages,
        RiskSpec risk,
        String remediation) {

    /**
     * {@code clause: X} or {@code clauses: [X, Y]} (one rule serving several 测评指标; its verdict counts for each).
     * After this, {@code clauses} is never empty when either was given and {@code clause} is its first item.
     */
    public RuleDefinition {
        if (clauses == null || clauses.isEmpty()) {
            clauses = clause == null ? List.of() : List.of(clause);
        } else {
            clauses = List.copyOf(clauses);
            clause = clause == null ? clauses.get(0) : clause;
        }
        appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
        requires = requires == null ? List.of() : List.copyOf(requires);
        params = params == null ? Map.of() : Map.copyOf(params);
        paramLimits = paramLimits == null ? Map.of() : Map.copyOf(paramLimits);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        mode = mode == null ? "automated" : mode;
        messages = messages == null ? new Messages(null, null, null) : messages;
        risk = risk == null ? new RiskSpec(null, null, null, null, null, null) : risk;
    }

    /** Bounds of a numeric parameter, when they are tighter than "not negative" (e.g. a day count of at least 1). */
    public record ParamLimits(Double min, Double max) {}

    public record EvidenceSpec(String label, String expr, String absent) {}

    public record Messages(String pass, String fail, String partial) {}

    public record RiskSpec(
            String fail,
            String partial,
            @JsonProperty("high_when") String highWhen,
            @JsonProperty("high_reason") String highReason,
            List<Compensation> compensations,
            @JsonProperty("major_hazard") Boolean majorHazard) {

        public RiskSpec {
            compensations = compensations == null ? List.of() : List.copyOf(compensations);
        }

        public boolean isMajorHazard() {
            return Boolean.TRUE.equals(majorHazard);
        }
    }

    public record Compensation(String attr, @JsonProperty("lowers_to") String lowersTo, String reason) {}

    public boolean isManual() {
        return "manual".equals(mode);
    }

    public boolean isNotApplicableMode() {
        return "not_applicable".equals(mode);
    }
}
