package cn.dengbao.sentinel.collector.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator decision reaches every export format with its reason, who made it and when (xlsx: XlsxReadsAndPrintsTest). */
class DecisionsInEveryFormatTest {

    private static byte[] export(ExportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.exporter().write(ReportFixtures.withDecisions(), out);
        return out.toByteArray();
    }

    @Test
    void csvRuleRowCarriesReasonWhoWhenAndState() throws Exception {
        byte[] b = export(ExportFormat.CSV);
        List<List<String>> rows = ExportFormatsTest.parseCsv(new String(b, 3, b.length - 3, StandardCharsets.UTF_8));
        List<String> h = rows.get(0);
        List<String> ssh = rows.stream().filter(r -> r.contains("ssh-plaintext") && r.contains(CsvExporter.RULE_ROW))
                .findFirst().orElseThrow();
        assertEquals("风险已接受", ssh.get(h.indexOf("处置")));
        assertEquals(ReportFixtures.DECISION_REASON, ssh.get(h.indexOf("处置理由")));
        assertEquals(ReportFixtures.DECISION_BY, ssh.get(h.indexOf("处置人")));
        assertEquals("2026-03-20 10:00:00 +08:00", ssh.get(h.indexOf("处置时间")));
        assertEquals("有效", ssh.get(h.indexOf("处置状态")));
        assertEquals("已接受风险", ssh.get(h.indexOf("整改状态")));
        List<String> pwd = rows.stream().filter(r -> r.contains("pwd-max-age") && r.contains(CsvExporter.RULE_ROW))
                .findFirst().orElseThrow();
        assertEquals("", pwd.get(h.indexOf("处置")), "a revoked decision is not in force");
        assertTrue(pwd.get(h.indexOf("处置历史")).contains("已撤销，2026-03-04 08:00:00 +08:00，王五：仍有口令登录账户"));
    }

    @Test
    void jsonRecordCarriesDecisionsItemsAndRectification() throws Exception {
        JsonNode root = new ObjectMapper().readTree(export(ExportFormat.JSON));
        JsonNode host = root.get("hosts").get(0);
        JsonNode items = host.get("record").get("items");
        assertEquals(34, items.size());
        assertEquals("8.1.4.10a", items.get(30).get("clause").asText());
        JsonNode c = items.get(2);
        assertEquals("8.1.4.1c", c.get("clause").asText());
        JsonNode d = c.get("rules").get(0).get("decision");
        assertEquals("accepted_risk", d.get("decision").asText());
        assertEquals(ReportFixtures.DECISION_REASON, d.get("reason").asText());
        assertEquals(ReportFixtures.DECISION_BY, d.get("by").asText());
        assertEquals("2026-03-20T10:00:00+08:00", d.get("at").asText());
        assertTrue(d.get("inForce").asBoolean());
        JsonNode counts = host.get("record").get("counts");
        assertEquals(0, counts.get("highRiskOpen").asInt());
        assertEquals(1, counts.get("acceptedRisks").asInt());
        JsonNode revoked = items.get(0).get("rules").get(0).get("decisionHistory").get(0);
        assertFalse(revoked.get("inForce").asBoolean());
        assertEquals("王五", revoked.get("revokedBy").asText());
        JsonNode lock = host.get("rectification").get(1);
        assertEquals("lockout", lock.get("ruleId").asText());
        assertEquals(7, lock.get("fixedScanId").asInt());
        assertEquals(2, lock.get("days").asInt());
        assertEquals("扫描 #7：deny=5", lock.get("evidenceAfter").asText());
    }
}
