package cn.dengbao.sentinel.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.evaluate.CsvRenderer;
import cn.dengbao.sentinel.collector.evaluate.FindingsTable;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * An ERROR verdict (facts unreadable) is 无法判定 in every output that shows status labels: the terminal table,
 * both CSVs, the workbook, the HTML report and the JSON export. Before, the terminal said 错误 and the exports
 * 无法判定（采集错误）.
 */
class StatusLabelsInOutputsTest {
    private static final String ERROR_RULE = "audit-rules";
    private static final Instant AT = Instant.parse("2026-03-31T00:00:00Z");

    private static Evaluation evaluation() {
        return Evaluation.newBuilder().setHost("web-01").setReportId("r-1").setProfile("default")
                .setEvaluatedAtEpochMs(AT.toEpochMilli())
                .addFindings(Finding.newBuilder().setRuleId(ERROR_RULE).setClause("8.1.4.3a").setTitle("审计规则")
                        .setStatus(Status.ERROR).setRisk(Risk.NONE).setMessage("无法读取 /etc/audit/audit.rules"))
                .addFindings(Finding.newBuilder().setRuleId("pwd-max-age").setClause("8.1.4.1a").setTitle("口令期限")
                        .setStatus(Status.FAIL).setRisk(Risk.MEDIUM))
                .build();
    }

    private static byte[] export(ExportFormat f) throws Exception {
        Facts facts = Facts.newBuilder().setHost(HostInfo.newBuilder().setHostname("web-01")
                .setCollectedAtEpochMs(AT.toEpochMilli())).build();
        ReportData data = EvaluationReportSource.build(facts, evaluation(), "prod", AT, cn.dengbao.sentinel.collector.time.Times.system());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.exporter().write(data, out);
        return out.toByteArray();
    }

    /** The rule's own row (CSV 行类型 规则 / the xlsx detail row), not the item row whose 结果记录 names it. */
    private static List<String> ruleRowOf(List<List<String>> rows, String rule) {
        return rows.stream().filter(r -> r.stream().anyMatch(c -> c.contains(rule))
                && (r.contains(CsvExporter.RULE_ROW) || r.stream().anyMatch(c -> c.startsWith("└ 规则")))).findFirst()
                .orElseThrow();
    }

    private static List<String> rowOf(List<List<String>> rows, String rule) {
        return rows.stream().filter(r -> r.stream().anyMatch(c -> c.contains(rule))).findFirst().orElseThrow();
    }

    @Test
    void terminalTable() {
        String table = FindingsTable.render(evaluation());
        String line = table.lines().filter(l -> l.startsWith("8.1.4.3a")).findFirst().orElseThrow();
        assertTrue(line.contains("无法判定"), line);
        assertFalse(table.contains("错误"), table);
    }

    @Test
    void evaluateCsv() {
        List<List<String>> rows = ExportFormatsTest.parseCsv(CsvRenderer.render(evaluation()).substring(1));
        assertEquals("无法判定", rowOf(rows, ERROR_RULE).get(4));
    }

    @Test
    void exportCsv() throws Exception {
        byte[] b = export(ExportFormat.CSV);
        List<List<String>> rows = ExportFormatsTest.parseCsv(new String(b, 3, b.length - 3, StandardCharsets.UTF_8));
        assertEquals("符合情况", rows.get(0).get(5));
        assertEquals("无法判定", ruleRowOf(rows, "审计规则").get(5));
    }

    @Test
    void xlsx() throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(export(ExportFormat.XLSX)))) {
            List<List<String>> rows = wb.findSheet("测评记录").orElseThrow().read().stream()
                    .map(StatusLabelsInOutputsTest::strings).toList();
            assertEquals("符合情况", rows.get(0).get(4));
            assertEquals("无法判定", ruleRowOf(rows, "审计规则").get(4));
        }
    }

    @Test
    void html() throws Exception {
        String html = new String(export(ExportFormat.HTML), StandardCharsets.UTF_8);
        // the rule's own row: the detail table under its 测评指标 in the 测评记录
        Element table = Jsoup.parse(html).select("h3:containsOwn(测评记录) + table table.rules").stream()
                .filter(t -> t.text().contains("审计规则")).findFirst().orElseThrow();
        int column = table.select("th").eachText().indexOf("符合情况");
        Element row = table.select("tbody tr").stream().filter(r -> r.text().contains("审计规则")).findFirst()
                .orElseThrow();
        assertEquals("无法判定", row.select("td").get(column).text());
        assertFalse(html.contains("采集错误）"), "no second wording of ERROR");
    }

    @Test
    void json() throws Exception {
        JsonNode findings = new ObjectMapper().readTree(export(ExportFormat.JSON)).get("hosts").get(0).get("findings");
        JsonNode error = null;
        for (JsonNode f : findings) {
            if (f.get("ruleId").asText().equals(ERROR_RULE)) {
                error = f;
            }
        }
        assertEquals("ERROR", error.get("status").asText());
        assertEquals("无法判定", error.get("statusLabel").asText());
    }

    private static List<String> strings(Row r) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < r.getCellCount(); i++) {
            out.add(r.getCellText(i));
        }
        return out;
    }
}
