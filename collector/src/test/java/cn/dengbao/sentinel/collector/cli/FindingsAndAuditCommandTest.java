package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The findings and audit commands end to end on an embedded store in a temporary data directory. */
class FindingsAndAuditCommandTest {
    @TempDir
    Path dataDir;

    private String out;
    private String err;

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    private static Finding finding(String rule, String clause, Status status) {
        return Finding.newBuilder().setRuleId(rule).setClause(clause).setTitle("口令复杂度 " + rule)
                .setStatus(status).setRisk(status == Status.FAIL ? Risk.HIGH : Risk.NONE).build();
    }

    private static void scan(Store s, String host, String report, int day, Status a, Status b) {
        Instant at = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(86_400L * day);
        Facts facts = Facts.newBuilder().setReportId(report)
                .setHost(HostInfo.newBuilder().setHostname(host).setCollectedAtEpochMs(at.toEpochMilli())).build();
        Evaluation ev = Evaluation.newBuilder().setHost(host).setReportId(report)
                .addFindings(finding("pw-max-age", "8.1.4.1a", a))
                .addFindings(finding("=cmd|' /C calc'!A0", "8.1.4.1b", b)).build();
        s.scans().recordScan(host, report, facts, ev, "schedule");
    }

    @BeforeEach
    void seed() {
        try (Store s = Store.embedded(dataDir)) {
            s.hosts().upsert(Host.of("h1", "web-01", "gov-a", Host.SOURCE_AGENT));
            s.hosts().upsert(Host.of("h2", "db-\u001b[31m01", "gov-a", Host.SOURCE_SSH));
            scan(s, "h1", "r1", 0, Status.FAIL, Status.FAIL);
            scan(s, "h1", "r2", 1, Status.PASS, Status.FAIL);
            scan(s, "h2", "x1", 0, Status.FAIL, Status.PASS);
        }
    }

    @Test
    void listsCurrentFindingsAsTableJsonAndCsv() throws Exception {
        assertEquals(0, run("findings", "--host", "web-01", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("未整改问题 1 项"), out);
        assertTrue(out.contains("8.1.4.1b"), out);
        assertFalse(out.contains("pw-max-age"), "a fixed finding is not current");

        assertEquals(0, run("findings", "--host", "h1", "--all", "--format", "json", "--data-dir",
                dataDir.toString()), err);
        JsonNode j = Json.MAPPER.readTree(out);
        assertEquals("web-01", j.get("host").asText());
        assertEquals(2, j.get("findings").size());

        assertEquals(0, run("findings", "--host", "h1", "--format", "csv", "--data-dir", dataDir.toString()), err);
        String row = out.lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.contains("\"'=cmd|' /C calc'!A0\""), "formula injection neutralised: " + row);
        assertFalse(row.contains("null"), "an open finding has an empty fixed_at cell: " + row);
    }

    @Test
    void longShowsEvidenceRemediationAndTheDecisionWithWhoAndWhy() throws Exception {
        try (Store s = Store.embedded(dataDir)) {
            Instant at = Instant.parse("2026-03-03T00:00:00Z");
            Evaluation ev = Evaluation.newBuilder().setHost("web-01").setReportId("r3")
                    .addFindings(finding("=cmd|' /C calc'!A0", "8.1.4.1b", Status.FAIL).toBuilder()
                            .setMessage("未配置登录失败锁定")
                            .addEvidence(cn.dengbao.sentinel.proto.Evidence.newBuilder().setText("deny 未设置")
                                    .setSource(cn.dengbao.sentinel.proto.Source.newBuilder()
                                            .setPath("/etc/pam.d/common-auth").setLine(17).setExcerpt("auth required pam_unix.so")))
                            .setRemediation("在 /etc/security/faillock.conf 设置 deny = 5\n\u001b[31munlock_time = 600"))
                    .build();
            s.scans().recordScan("h1", "r3", Facts.newBuilder().setReportId("r3").setHost(HostInfo.newBuilder()
                    .setHostname("web-01").setCollectedAtEpochMs(at.toEpochMilli())).build(), ev, "schedule");
        }
        assertEquals(0, run("findings", "decide", "--host", "web-01", "--rule", "=cmd|' /C calc'!A0",
                "--decision", "accepted_risk", "--reason", "经堡垒机访问", "--actor", "ops-li",
                "--data-dir", dataDir.toString()), err);
        assertEquals(0, run("findings", "--host", "web-01", "--long", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("未配置登录失败锁定"), out);
        assertTrue(out.contains("deny 未设置（/etc/pam.d/common-auth:17）：auth required pam_unix.so"), out);
        assertTrue(out.contains("在 /etc/security/faillock.conf 设置 deny = 5"), out);
        assertTrue(out.contains("处置: 风险已接受  理由: 经堡垒机访问  处置人: ops-li  处置时间: 20"), out);
        assertFalse(out.contains("\u001b"), "no terminal control from an agent's remediation: " + out);
    }

    @Test
    void diffExportsAsAWorkbookLaidOutLikeTheExport() throws Exception {
        java.nio.file.Path x = dataDir.resolve("diff.xlsx");
        assertEquals(2, run("findings", "diff", "--host", "web-01", "--format", "xlsx", "--data-dir", dataDir.toString()));
        assertEquals(0, run("findings", "diff", "--group", "gov-a", "--format", "xlsx", "--out", x.toString(),
                "--data-dir", dataDir.toString()), err);
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(x.toFile())) {
            org.apache.poi.xssf.usermodel.XSSFSheet s = wb.getSheet("复测对比");
            assertEquals("变化", s.getRow(0).getCell(3).getStringCellValue());
            assertEquals("已修复", s.getRow(1).getCell(3).getStringCellValue());
            assertEquals("pw-max-age", s.getRow(1).getCell(5).getStringCellValue());
            assertEquals("仍未整改", s.getRow(2).getCell(3).getStringCellValue());
            assertEquals("'=cmd|' /C calc'!A0", s.getRow(2).getCell(5).getStringCellValue());
            assertTrue(s.getPrintSetup().getLandscape());
            assertEquals(1, s.getPrintSetup().getFitWidth());
            assertTrue(s.getRow(1).getCell(6).getCellStyle().getWrapText());
        }
    }

    @Test
    void hostileHostnameIsNotPassedToTheTerminal() {
        assertEquals(0, run("findings", "--host", "h2", "--data-dir", dataDir.toString()), err);
        assertFalse(out.contains("\u001b"), out);
    }

    @Test
    void diffOfLastTwoScansAndOfAGroup() throws Exception {
        assertEquals(0, run("findings", "diff", "--host", "web-01", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("新增 0, 已修复 1, 仍未整改 1"), out);
        assertEquals(0, run("findings", "diff", "--host", "web-01", "--from", "1", "--to", "2", "--format",
                "json", "--data-dir", dataDir.toString()), err);
        JsonNode d = Json.MAPPER.readTree(out).get("diffs").get(0);
        assertEquals("pw-max-age", d.get("fixed").get(0).get("ruleId").asText());
        assertEquals("HIGH", d.get("fixed").get(0).get("risk").asText());

        assertEquals(0, run("findings", "diff", "--group", "gov-a", "--format", "json", "--data-dir",
                dataDir.toString()), err);
        JsonNode g = Json.MAPPER.readTree(out);
        assertEquals(1, g.get("diffs").size());
        assertEquals(1, g.get("skipped").size(), "a host with one scan is listed as skipped");

        assertEquals(2, run("findings", "diff", "--host", "h2", "--data-dir", dataDir.toString()));
        assertTrue(err.contains("fewer than two scans"), err);
        assertEquals(2, run("findings", "diff", "--data-dir", dataDir.toString()));
    }

    @Test
    void decideRevokeAndVerifyAudit() {
        assertEquals(0, run("findings", "decide", "--host", "web-01", "--rule", "=cmd|' /C calc'!A0",
                "--decision", "accepted_risk", "--reason", "经堡垒机访问", "--actor", "ops-li",
                "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("风险已接受"), out);
        assertEquals(0, run("findings", "--host", "web-01", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("风险已接受: 经堡垒机访问"), out);
        assertEquals(2, run("findings", "decide", "--host", "web-01", "--rule", "x", "--decision", "maybe",
                "--reason", "r", "--data-dir", dataDir.toString()));
        assertEquals(0, run("findings", "revoke", "--host", "web-01", "--rule", "=cmd|' /C calc'!A0",
                "--reason", "复核", "--data-dir", dataDir.toString()), err);

        assertEquals(0, run("audit", "verify", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("审计日志完整: 2 条记录"), out);
        assertEquals(0, run("audit", "list", "--data-dir", dataDir.toString()), err);
        assertTrue(out.contains("finding.decide") && out.contains("finding.revoke"), out);

        try (Store s = Store.embedded(dataDir)) {
            s.db().tx("tamper", c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE audit_log SET details_json = '{}' WHERE seq = 1");
                }
            });
        }
        assertEquals(1, run("audit", "verify", "--data-dir", dataDir.toString()));
        assertTrue(out.contains("第 1 条记录"), out);
    }

    @Test
    void badStoreOptionsAreUsageErrors() {
        assertEquals(2, run("audit", "verify", "--db-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--db-password-env", "SENTINEL_SURELY_UNSET_VAR"));
        assertTrue(err.contains("SENTINEL_SURELY_UNSET_VAR is not set"), err);
        assertEquals(2, run("findings", "--host", "nope", "--data-dir", dataDir.toString()));
        assertTrue(err.contains("unknown host nope"), err);
    }
}
