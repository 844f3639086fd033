package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.JsonText;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.FixItem;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.score.ItemResult;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * JSON export, schema {@value #SCHEMA} version {@value #SCHEMA_VERSION}, documented in docs/export-json.md.
 * Field order is fixed (streamed, not a map) so two exports of the same data are byte-identical.
 * Adding a field keeps the version; renaming, removing or changing a field's meaning bumps it.
 */
public final class JsonExporter implements Exporter {
    public static final String SCHEMA = "dengbao-sentinel.export";
    public static final int SCHEMA_VERSION = 1;

    @Override
    public void write(ReportData d, OutputStream out) throws IOException {
        JsonGenerator g = JsonText.factory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeNumberField("schemaVersion", SCHEMA_VERSION);
        g.writeStringField("generatedAt", d.times().iso(d.generatedAt()));
        g.writeStringField("scope", d.scope());
        g.writeStringField("collectorId", d.collectorId());
        g.writeStringField("toolVersion", d.toolVersion());
        g.writeStringField("estimateNote", HtmlExporter.ESTIMATE_NOTE);
        g.writeObjectFieldStart("scoring");
        g.writeObjectFieldStart("template2021");
        g.writeStringField("formula", d.formula2021());
        g.writeBooleanField("unconfirmed", true);
        g.writeEndObject();
        g.writeObjectFieldStart("template2025");
        g.writeStringField("formula", d.formula2025());
        g.writeBooleanField("unconfirmed", true);
        g.writeEndObject();
        g.writeStringField("groupMethod", "mean of hosts");
        g.writeEndObject();

        g.writeArrayFieldStart("groups");
        for (GroupScore gs : d.groups()) {
            group(g, gs);
        }
        g.writeEndArray();
        g.writeFieldName("kpi");
        kpiReport(g, d.kpi(), d.times());
        g.writeArrayFieldStart("hosts");
        for (HostReport h : d.hosts()) {
            host(g, h, d);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    public static void group(JsonGenerator g, GroupScore s) throws IOException {
        g.writeStartObject();
        g.writeStringField("group", s.group());
        g.writeNumberField("hosts", s.hosts());
        num(g, "meanScore2021", s.meanScore2021());
        g.writeStringField("band2021", s.band2021());
        g.writeBooleanField("passing2021", s.passing2021());
        g.writeNumberField("hostsPassing2021", s.hostsPassing2021());
        num(g, "meanComplianceRate", s.meanComplianceRate());
        g.writeStringField("conclusion2025", s.conclusion2025());
        g.writeNumberField("highRiskOpen", s.highRiskOpen());
        g.writeNumberField("mediumRiskOpen", s.mediumRiskOpen());
        g.writeNumberField("majorHazards", s.majorHazards());
        g.writeNumberField("unassessedItems", s.unassessedItems());
        g.writeEndObject();
    }

    public static void kpiReport(JsonGenerator g, KpiReport k, Times times) throws IOException {
        if (k == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("asOf", times.iso(k.asOf()));
        if (k.since() == null) {
            g.writeNullField("since");
        } else {
            g.writeStringField("since", times.iso(k.since()));
        }
        g.writeObjectFieldStart("targets");
        g.writeNumberField("minFixRate", k.targets().minFixRate());
        g.writeNumberField("maxHighRiskOpen", k.targets().maxHighRiskOpen());
        g.writeNumberField("overdueDays", k.targets().overdueDays());
        g.writeEndObject();
        g.writeFieldName("overall");
        kpi(g, k.overall());
        g.writeArrayFieldStart("groups");
        for (Kpi x : k.groups()) {
            kpi(g, x);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void kpi(JsonGenerator g, Kpi k) throws IOException {
        g.writeStartObject();
        if (k.group() == null) {
            g.writeNullField("group");
        } else {
            g.writeStringField("group", k.group());
        }
        g.writeNumberField("open", k.open());
        g.writeNumberField("fixed", k.fixed());
        g.writeNumberField("accepted", k.accepted());
        num(g, "fixRate", k.fixRate());
        g.writeNumberField("fixedInTime", k.fixedInTime());
        num(g, "inTimeRate", k.inTimeRate());
        num(g, "medianDaysToFix", k.medianDaysToFix());
        num(g, "worstDaysToFix", k.worstDaysToFix());
        g.writeNumberField("overdue", k.overdue());
        g.writeNumberField("highRiskOpen", k.highRiskOpen());
        num(g, "worstOpenDays", k.worstOpenDays());
        g.writeBooleanField("fixRateMet", k.fixRateMet());
        g.writeBooleanField("inTimeRateMet", k.inTimeRateMet());
        g.writeBooleanField("highRiskMet", k.highRiskMet());
        g.writeEndObject();
    }

    private static void host(JsonGenerator g, HostReport h, ReportData d) throws IOException {
        g.writeStartObject();
        g.writeStringField("host", h.host());
        g.writeStringField("group", h.group());
        g.writeStringField("scanId", h.scanId());
        g.writeStringField("reportId", h.evaluation().getReportId());
        g.writeStringField("profile", h.evaluation().getProfile());
        g.writeStringField("evaluatedAt", d.times().iso(Instant.ofEpochMilli(h.evaluation().getEvaluatedAtEpochMs())));
        g.writeFieldName("score");
        hostScore(g, h.score());
        g.writeArrayFieldStart("fixFirst");
        for (FixItem f : h.score().fixFirst()) {
            fixItem(g, f);
        }
        g.writeEndArray();
        asset(g, h.asset(), d.times());
        findings(g, h, d);
        JsonRecord.write(g, h.record(), d.times());
        g.writeEndObject();
    }

    /** The {@code score} object of a host (see docs/export-json.md). */
    public static void hostScore(JsonGenerator g, HostScore s) throws IOException {
        g.writeStartObject();
        num(g, "score2021", s.score2021());
        g.writeStringField("band2021", s.band2021());
        g.writeBooleanField("passing2021", s.passing2021());
        num(g, "complianceRate", s.complianceRate());
        g.writeStringField("conclusion2025", s.conclusion2025());
        g.writeNumberField("scored", s.scored());
        g.writeNumberField("passed", s.passed());
        g.writeNumberField("partial", s.partial());
        g.writeNumberField("failed", s.failed());
        g.writeNumberField("notApplicable", s.notApplicable());
        g.writeArrayFieldStart("unassessed");
        for (String c : s.unassessed()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeNumberField("highRiskOpen", s.highRiskOpen());
        g.writeNumberField("mediumRiskOpen", s.mediumRiskOpen());
        g.writeNumberField("acceptedRisks", s.acceptedRisks());
        g.writeArrayFieldStart("majorHazards");
        for (String r : s.majorHazards()) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("items");
        for (ItemResult i : s.items()) {
            g.writeStartObject();
            g.writeStringField("clause", i.clause());
            g.writeStringField("control", i.control());
            g.writeStringField("importance", i.importance().label());
            g.writeStringField("status", i.status().name());
            num(g, "value", i.value());
            num(g, "deduction", i.deduction());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    public static void fixItem(JsonGenerator g, FixItem f) throws IOException {
        g.writeStartObject();
        fixItemFields(g, f);
        g.writeEndObject();
    }

    public static void fixItemFields(JsonGenerator g, FixItem f) throws IOException {
            g.writeStringField("ruleId", f.ruleId());
            g.writeStringField("clause", f.clause());
            g.writeStringField("title", f.title());
            g.writeStringField("risk", f.risk().name());
            g.writeBooleanField("majorHazard", f.majorHazard());
            num(g, "scoreGain", f.scoreGain());
            num(g, "rateGainPoints", f.rateGainPoints());
    }

    private static void findings(JsonGenerator g, HostReport h, ReportData d) throws IOException {
        g.writeArrayFieldStart("findings");
        for (Finding f : h.evaluation().getFindingsList()) {
            FindingRow r = FindingRow.of(h, f, d.clauses(), d.times());
            LifecycleRecord lc = h.lifecycle(f.getRuleId());
            g.writeStartObject();
            g.writeStringField("ruleId", f.getRuleId());
            g.writeStringField("clause", f.getClause());
            g.writeStringField("control", r.control());
            g.writeStringField("title", f.getTitle());
            g.writeStringField("status", f.getStatus().name());
            g.writeStringField("statusLabel", Labels.status(f.getStatus()));
            g.writeStringField("risk", f.getRisk().name());
            g.writeStringField("riskLabel", Labels.risk(f.getRisk()));
            g.writeBooleanField("majorHazard", f.getMajorHazard());
            g.writeStringField("riskReason", f.getRiskReason());
            g.writeStringField("message", f.getMessage());
            g.writeArrayFieldStart("evidence");
            for (Evidence e : f.getEvidenceList()) {
                g.writeStartObject();
                g.writeStringField("text", e.getText());
                g.writeStringField("path", e.getSource().getPath());
                g.writeNumberField("line", e.getSource().getLine());
                g.writeStringField("command", e.getSource().getCommand());
                g.writeStringField("excerpt", e.getSource().getExcerpt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("remediation", f.getRemediation());
            nullableTime(g, "firstSeenAt", lc == null ? null : d.times().iso(lc.firstSeenAt()));
            nullableTime(g, "fixedAt", lc == null ? null : d.times().iso(lc.fixedAt()));
            if (lc == null) {
                g.writeNullField("open");
                g.writeNullField("decision");
            } else {
                g.writeBooleanField("open", lc.open());
                if (lc.decision() == null) {
                    g.writeNullField("decision");
                } else {
                    g.writeStringField("decision", lc.decisionCode());
                }
            }
            g.writeStringField("rectification", r.rectification());
            g.writeBooleanField("everMajorHazard", f.getMajorHazard() || (lc != null && lc.majorHazard()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void asset(JsonGenerator g, AssetRecord a, Times times) throws IOException {
        if (a == null) {
            g.writeNullField("asset");
            return;
        }
        g.writeObjectFieldStart("asset");
        g.writeStringField("os", a.os());
        g.writeStringField("kernel", a.kernel());
        g.writeStringField("arch", a.arch());
        strings(g, "ipAddresses", a.ipAddresses());
        g.writeNumberField("packageCount", a.packageCount());
        g.writeBooleanField("portsCollected", a.portsCollected());
        strings(g, "openPorts", a.openPorts());
        strings(g, "loginAccounts", a.loginAccounts());
        g.writeStringField("collectedAt", times.iso(a.collectedAt()));
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, java.util.List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static void nullableTime(JsonGenerator g, String name, String iso) throws IOException {
        if (iso == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, iso);
        }
    }

    /** Numbers rounded to 4 decimals (stable output); NaN (nothing to compute) is null. */
    static void num(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, Math.round(v * 10000.0) / 10000.0);
        }
    }
}
