package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Source;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code evaluate --format json}, an external contract fixed in DESIGN.md:
 * {"host":…,"results":[{"ruleId","clause","title","status","risk","evidence":[…],"remediation"}…],"clauses":[{"clause","status"}…]}.
 * Extra fields may be added; the named ones keep their names and meaning.
 */
public final class EvaluationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationJson() {
    }

    public static String render(Evaluation ev) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("host", ev.getHost());
        root.put("reportId", ev.getReportId());
        root.put("profile", ev.getProfile());
        // no collector configuration here: the system's zone, written as an ISO-8601 offset like every JSON time
        root.put("evaluatedAt", Times.system().iso(java.time.Instant.ofEpochMilli(ev.getEvaluatedAtEpochMs())));
        ArrayNode results = root.putArray("results");
        for (Finding f : ev.getFindingsList()) {
            ObjectNode r = results.addObject();
            r.put("ruleId", f.getRuleId());
            r.put("clause", f.getClause());
            r.put("title", f.getTitle());
            r.put("status", f.getStatus().name());
            r.put("risk", f.getRisk().name());
            r.put("message", f.getMessage());
            if (!f.getRiskReason().isEmpty()) {
                r.put("riskReason", f.getRiskReason());
            }
            r.put("majorHazard", f.getMajorHazard());
            ArrayNode evidence = r.putArray("evidence");
            for (Evidence e : f.getEvidenceList()) {
                ObjectNode en = evidence.addObject();
                en.put("text", e.getText());
                if (e.hasSource()) {
                    Source s = e.getSource();
                    if (!s.getPath().isEmpty()) {
                        en.put("path", s.getPath());
                    }
                    if (s.getLine() > 0) {
                        en.put("line", s.getLine());
                    }
                    if (!s.getCommand().isEmpty()) {
                        en.put("command", s.getCommand());
                    }
                    if (!s.getExcerpt().isEmpty()) {
                        en.put("excerpt", s.getExcerpt());
                    }
                }
            }
            r.put("remediation", f.getRemediation());
        }
        ArrayNode clauses = root.putArray("clauses");
        for (ClauseResult c : ev.getClausesList()) {
            ObjectNode cn = clauses.addObject();
            cn.put("clause", c.getClause());
            cn.put("title", c.getTitle());
            cn.put("status", c.getStatus().name());
        }
        ObjectNode summary = root.putObject("summary");
        Summary.of(ev).forEach(summary::put);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render evaluation JSON", e);
        }
    }
}
