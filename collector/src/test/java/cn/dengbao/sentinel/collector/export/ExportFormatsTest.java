package cn.dengbao.sentinel.collector.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static cn.dengbao.sentinel.collector.export.ReportFixtures.FORMULA_EXCERPT;
import static cn.dengbao.sentinel.collector.export.ReportFixtures.FORMULA_HOST;
import static cn.dengbao.sentinel.collector.export.ReportFixtures.IMG_EXCERPT;
import static cn.dengbao.sentinel.collector.export.ReportFixtures.SCRIPT_HOST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportFormatsTest {
    private final ReportData data = ReportFixtures.sample();

    private byte[] export(ExportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.exporter().write(data, out);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ CSV

    /** Minimal RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void csvHasBomHeaderAndOneRowPerItemAndPerFinding() throws Exception {
        byte[] bytes = export(ExportFormat.CSV);
        assertArrayEquals(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        List<List<String>> rows = parseCsv(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        List<String> expectedHeader = new ArrayList<>(FindingRow.HEADERS);
        expectedHeader.addAll(FindingRow.CSV_EXTRA);
        expectedHeader.addAll(CsvExporter.RECORD_EXTRA);
        assertEquals(expectedHeader, rows.get(0));
        assertEquals(1 + 2 * (34 + 5), rows.size());     // 2 hosts × (34 测评指标 + 5 rule results)
        for (List<String> r : rows) {
            assertEquals(22, r.size());
        }
        assertEquals(List.of(CsvExporter.ITEM_ROW, "8.1.4.1a", "不符合"),
                List.of(rows.get(1).get(14), rows.get(1).get(2), rows.get(1).get(5)));
        assertTrue(rows.get(1).get(15).startsWith("应对登录的用户"), "the standard's wording on the item row");
        List<String> first = rows.get(2);
        assertEquals(CsvExporter.RULE_ROW, first.get(14));
        assertEquals(SCRIPT_HOST, first.get(0));          // CSV is not HTML: kept verbatim, it cannot run here
        assertEquals("身份鉴别", first.get(1));
        assertTrue(first.get(2).startsWith("8.1.4.1a "));
        assertEquals("不符合", first.get(5));
        assertEquals("中", first.get(6));
        assertEquals("'-修改配置后重启服务\n示例：sed -i ...", first.get(7));   // leading '-' neutralised
        assertEquals("2026-03-01 08:00:00 +08:00", first.get(8));  // Beijing time, the zone written
        assertEquals("未整改", first.get(9));
        assertTrue(first.get(4).contains("证据, \"带引号\""), first.get(4));
        assertEquals("已整改（2026-03-05 08:00:00 +08:00）", rows.get(4).get(9));  // lockout passes now, fixed on 03-05
        // the formula hostname is neutralised in every row of that host
        List<String> hostile = rows.get(1 + 34 + 5);
        assertEquals("'" + FORMULA_HOST, hostile.get(0));
    }

    @Test
    void csvCellsNeverStartWithAFormulaCharacter() throws Exception {
        byte[] bytes = export(ExportFormat.CSV);
        for (List<String> r : parseCsv(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))) {
            for (String c : r) {
                assertFalse(!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0, "live formula cell: " + c);
            }
        }
    }

    // ------------------------------------------------------------------ JSON

    @Test
    void jsonFollowsTheDocumentedSchema() throws Exception {
        JsonNode root = new ObjectMapper().readTree(export(ExportFormat.JSON));
        assertEquals("dengbao-sentinel.export", root.get("schema").asText());
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals("2026-03-31T08:00:00+08:00", root.get("generatedAt").asText());  // ISO-8601, zone's offset
        assertEquals("collector-<1>", root.get("collectorId").asText());
        JsonNode group = root.get("groups").get(0);
        assertEquals("prod", group.get("group").asText());
        assertEquals("差", group.get("band2021").asText());
        assertEquals(3, root.get("kpi").get("overall").get("open").asInt());   // pwd-max-age + ssh-plaintext on h1, ssh-plaintext on h2
        JsonNode h = root.get("hosts").get(0);
        assertEquals(SCRIPT_HOST, h.get("host").asText());   // JSON carries the raw value; consumers escape
        // 8.1.4.1a FAIL 关键 3 + 8.1.4.1c FAIL 关键 3 → 94; 8.1.4.1b PASS; rate 1/3
        assertEquals(94.0, h.get("score").get("score2021").asDouble(), 1e-9);
        assertEquals(0.3333, h.get("score").get("complianceRate").asDouble(), 1e-9);
        assertEquals("8.1.4.1d", h.get("score").get("unassessed").get(0).asText());
        assertEquals("ssh-plaintext", h.get("fixFirst").get(0).get("ruleId").asText());
        JsonNode f = h.get("findings").get(0);
        assertEquals("pwd-max-age", f.get("ruleId").asText());
        assertEquals("FAIL", f.get("status").asText());
        assertEquals(IMG_EXCERPT, f.get("evidence").get(0).get("excerpt").asText());
        assertEquals("2026-03-01T08:00:00+08:00", f.get("firstSeenAt").asText());
        assertEquals(java.time.Instant.parse("2026-03-01T00:00:00Z"),
                java.time.OffsetDateTime.parse(f.get("firstSeenAt").asText()).toInstant());
        assertTrue(f.get("fixedAt").isNull());
        assertEquals("Kylin Linux Advanced Server V10 <b>", h.get("asset").get("os").asText());
        assertEquals("2026-03-31T08:00:00+08:00", h.get("asset").get("collectedAt").asText());
        assertTrue(root.get("hosts").get(1).get("asset").isNull());
    }

    @Test
    void jsonIsStable() throws Exception {
        assertArrayEquals(export(ExportFormat.JSON), export(ExportFormat.JSON));
    }

    // ------------------------------------------------------------------ HTML

    @Test
    void htmlIsSelfContainedAndInert() throws Exception {
        String html = new String(export(ExportFormat.HTML), StandardCharsets.UTF_8);
        Document doc = Jsoup.parse(html);
        assertEquals("zh-CN", doc.select("html").attr("lang"));
        HtmlChecks.assertOnlyTheBundledScript(doc); // no <script> element may come out of data
        assertTrue(doc.select("img, iframe, object, embed, link, base, form").isEmpty());
        for (Element e : doc.select("[src]")) {
            throw new AssertionError("external src: " + e);
        }
        for (Element e : doc.select("[href]")) {
            assertTrue(e.attr("href").startsWith("#"), "only in-page links: " + e.attr("href"));
        }
        for (Element e : doc.getAllElements()) {
            e.attributes().forEach(a -> assertFalse(a.getKey().toLowerCase().startsWith("on"), "event handler: " + a));
        }
        // the hostile strings are there, as text
        assertTrue(doc.text().contains(SCRIPT_HOST));
        assertTrue(doc.text().contains(IMG_EXCERPT));
        assertTrue(doc.text().contains(FORMULA_EXCERPT));
        assertTrue(html.contains("@media print"));
        assertTrue(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content").contains("default-src 'none'"));
    }

    @Test
    void htmlShowsScoreKpiChartsAndHostSections() throws Exception {
        Document doc = Jsoup.parse(new String(export(ExportFormat.HTML), StandardCharsets.UTF_8));
        assertEquals(2, doc.select("section.host").size());
        assertEquals("测评对象：" + SCRIPT_HOST, doc.select("section.host h2").first().text());
        assertTrue(doc.select("svg").size() >= 3, "risk chart + one status bar per host");
        String text = doc.text();
        assertTrue(text.contains("整改率"));
        assertTrue(text.contains("30 天内整改率（目标 ≥ 70.0%）"), "the plan's target is the in-time rate");
        assertTrue(text.contains("94.0"));
        assertTrue(text.contains("重大风险隐患"));
        assertTrue(text.contains("估算"));
    }

    // ------------------------------------------------------------------ XLSX

    @Test
    void xlsxHasTheAssessorsSheetsAndColumns() throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(export(ExportFormat.XLSX)))) {
            assertEquals(List.of("汇总", "测评记录", "整改记录", "重大风险隐患整改"), wb.getSheets().map(Sheet::getName).toList());
            List<Row> hz = wb.findSheet("重大风险隐患整改").orElseThrow().read();
            assertEquals(HazardRecord.HEADERS, strings(hz.get(0)));
            assertEquals(3, hz.size());                 // ssh-plaintext on each host
            assertEquals("未整改", strings(hz.get(1)).get(4));
            List<Row> records = wb.findSheet("测评记录").orElseThrow().read();
            assertEquals(XlsxRecordSheet.HEADERS, strings(records.get(0)));
            assertEquals(1 + 2 * (34 + 5), records.size());   // per host: 34 测评指标 + its 5 rules as detail rows
            List<String> item = strings(records.get(1));
            assertEquals(SCRIPT_HOST, item.get(0));
            assertTrue(item.get(2).startsWith("8.1.4.1a 应对登录的用户"), item.get(2));
            assertEquals("不符合", item.get(4));
            List<String> r1 = strings(records.get(2));
            assertEquals(SCRIPT_HOST, r1.get(0));
            assertEquals("└ 规则 pwd-max-age：检查项 pwd-max-age", r1.get(2));
            assertEquals("不符合", r1.get(4));
            assertEquals("'-修改配置后重启服务\n示例：sed -i ...", r1.get(7));
            assertEquals("'" + FORMULA_HOST, strings(records.get(1 + 34 + 5)).get(0));

            List<Row> summary = wb.findSheet("汇总").orElseThrow().read();
            int highAt = summary.indexOf(summary.stream().filter(r -> XlsxExporter.HIGH_BLOCK.equals(text(r, 0)))
                    .findFirst().orElseThrow());
            // block title, header, then the high-risk rule on each host
            assertEquals("高", text(summary.get(highAt + 2), 3));
            assertEquals("高", text(summary.get(highAt + 3), 3));
            assertEquals("'" + FORMULA_HOST, text(summary.get(highAt + 3), 0));
            assertEquals(XlsxExporter.ASSET_BLOCK, text(summary.get(highAt + 4), 0));   // the reader skips the blank row
            Row hostHeader = summary.stream().filter(r -> "测评对象".equals(text(r, 0))).findFirst().orElseThrow();
            assertEquals(XlsxExporter.HOST_HEADERS, strings(hostHeader));
            Row a = summary.stream().filter(r -> SCRIPT_HOST.equals(text(r, 0))).findFirst().orElseThrow();
            assertEquals(94.0, a.getCellAsNumber(2).orElseThrow().doubleValue(), 1e-9);
            assertEquals("差", text(a, 3));

            List<Row> assets = summary.subList(highAt + 5, summary.size());
            assertEquals(XlsxExporter.ASSET_HEADERS, strings(assets.get(0)));
            List<String> asset = strings(assets.get(1));
            assertEquals("4.19.90-24.4.v2101.ky10.x86_64", asset.get(2));
            assertEquals("3", asset.get(5));
            assertEquals("tcp/22 (sshd)", asset.get(6));           // loopback-only port 25 is not "open"
            assertEquals("root(uid 0), +evil(uid 1001)", asset.get(7));

            for (Sheet s : wb.getSheets().toList()) {
                for (Row r : s.read()) {
                    for (Cell c : r) {
                        if (c == null) {
                            continue;
                        }
                        assertNull(c.getFormula(), "no formula cell may exist: " + c);
                        String v = c.getRawValue();
                        assertFalse(v != null && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0
                                && c.getType() == org.dhatim.fastexcel.reader.CellType.STRING, "live cell: " + v);
                    }
                }
            }
        }
    }

    private static String text(Row r, int i) {
        return r.getCellAsString(i).orElse("");
    }

    private static List<String> strings(Row r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.getCellCount(); i++) {
            Cell c = r.getCell(i);
            out.add(c == null ? "" : c.getText());
        }
        return out;
    }
}
