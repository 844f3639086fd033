package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.time.Times;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * The {@code record} (the assessor's record: 34 items with their rules and decisions) and {@code rectification}
 * (整改记录) of a host in the JSON export (docs/export-json.md). Added to schema version 1 as new fields: readers of
 * the earlier fields are unaffected.
 */
final class JsonRecord {
    private JsonRecord() {
    }

    static void write(JsonGenerator g, AssessorRecord r, Times times) throws IOException {
        g.writeObjectFieldStart("record");
        g.writeObjectFieldStart("view2021");
        JsonExporter.num(g, "score", r.view2021().score());
        g.writeStringField("band", r.view2021().band());
        g.writeBooleanField("passing", r.view2021().passing());
        g.writeEndObject();
        g.writeObjectFieldStart("view2025");
        g.writeNumberField("passed", r.view2025().passed());
        g.writeNumberField("partial", r.view2025().partial());
        g.writeNumberField("failed", r.view2025().failed());
        g.writeNumberField("notApplicable", r.view2025().notApplicable());
        g.writeNumberField("unassessed", r.view2025().unassessed());
        JsonExporter.num(g, "complianceRate", r.view2025().complianceRate());
        g.writeStringField("conclusion", r.view2025().conclusion());
        g.writeEndObject();
        g.writeObjectFieldStart("counts");
        g.writeNumberField("highRiskOpen", r.counts().highRiskOpen());
        g.writeNumberField("mediumRiskOpen", r.counts().mediumRiskOpen());
        g.writeNumberField("acceptedRisks", r.counts().acceptedRisks());
        g.writeNumberField("majorHazards", r.counts().majorHazards());
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        for (ItemRow i : r.items()) {
            g.writeStartObject();
            g.writeStringField("clause", i.clause());
            g.writeStringField("control", i.control());
            g.writeStringField("indicator", i.indicator());
            g.writeStringField("result", i.result());
            g.writeStringField("status", i.status().name());
            g.writeStringField("statusLabel", i.statusLabel());
            g.writeStringField("riskLabel", i.riskLabel());
            g.writeBooleanField("majorHazard", i.majorHazard());
            JsonExporter.num(g, "value2021", i.value2021());
            JsonExporter.num(g, "value2025", i.value2025());
            g.writeArrayFieldStart("rules");
            for (RuleRow rule : i.rules()) {
                g.writeStartObject();
                g.writeStringField("ruleId", rule.ruleId());
                g.writeStringField("status", rule.finding().status().name());
                g.writeStringField("countedStatus", rule.counted().name());
                g.writeFieldName("decision");
                decision(g, rule.decision(), times);
                g.writeArrayFieldStart("decisionHistory");
                for (DecisionNote n : rule.decisions()) {
                    decision(g, n, times);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("rectification");
        for (RectificationRow x : r.rectification()) {
            g.writeStartObject();
            g.writeStringField("ruleId", x.ruleId());
            g.writeStringField("clause", x.clause());
            g.writeStringField("title", x.title());
            g.writeStringField("risk", x.risk().name());
            g.writeBooleanField("majorHazard", x.majorHazard());
            JsonExporter.nullableTime(g, "firstSeenAt", times.iso(x.firstSeen()));
            g.writeStringField("state", x.state());
            if (x.fixedScanId() == null) {
                g.writeNullField("fixedScanId");
            } else {
                g.writeNumberField("fixedScanId", x.fixedScanId());
            }
            JsonExporter.nullableTime(g, "fixedAt", times.iso(x.fixedAt()));
            if (x.days() == null) {
                g.writeNullField("days");
            } else {
                g.writeNumberField("days", x.days());
            }
            g.writeBooleanField("overdue", x.overdue());
            g.writeStringField("evidenceBefore", x.evidenceBefore());
            g.writeStringField("evidenceAfter", x.evidenceAfter());
            g.writeNumberField("reopenCount", x.reopenCount());
            g.writeArrayFieldStart("reopened");
            for (String s : x.reopened()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeFieldName("decision");
            decision(g, x.decision(), times);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** A decision with who, when and why; null when none. */
    static void decision(JsonGenerator g, DecisionNote n, Times times) throws IOException {
        if (n == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("decision", n.code());
        g.writeStringField("label", n.label());
        g.writeStringField("reason", n.reason());
        g.writeStringField("by", n.by());
        JsonExporter.nullableTime(g, "at", times.iso(n.at()));
        g.writeBooleanField("inForce", n.inForce());
        JsonExporter.nullableTime(g, "revokedAt", times.iso(n.revokedAt()));
        g.writeStringField("revokedBy", n.revokedBy());
        g.writeStringField("revokeReason", n.revokeReason());
        g.writeEndObject();
    }
}
