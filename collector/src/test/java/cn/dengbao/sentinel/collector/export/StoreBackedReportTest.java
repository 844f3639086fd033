package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.ScanDiff;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.PasswordPolicy;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real scans across time through the real rule engine and the real H2 store, then scores, KPIs, diff and a
 * signed export from the CLI.
 * Timeline (T0 = now − 40 d, T1 = now − 20 d, T2 = now − 1 d):
 *   web-1: T0 PASS_MAX_DAYS 99999 + empty-password account; T1 PASS_MAX_DAYS 90 (pwd-max-age fixed);
 *          T2 account locked (account-empty-password fixed).
 *   db-1:  T0 all pass; T2 PASS_MAX_DAYS 99999 (pwd-max-age newly failing).
 */
class StoreBackedReportTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T0 = NOW.minus(Duration.ofDays(40));
    private static final Instant T1 = NOW.minus(Duration.ofDays(20));
    private static final Instant T2 = NOW.minus(Duration.ofDays(1));

    @TempDir
    Path dir;
    Path dataDir;
    RuleEngine engine;
    long[] webScans = new long[3];
    long[] dbScans = new long[2];

    @BeforeEach
    void scanAcrossTime() throws Exception {
        // only these two rules, so the expected KPIs do not move when more built-in rules land
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        for (String r : List.of("pwd-max-age", "account-empty-password")) {
            try (InputStream in = getClass().getResourceAsStream("/rules/8.1.4.1/" + r + ".yaml")) {
                Files.copy(in, rules.resolve(r + ".yaml"));
            }
        }
        engine = new RuleEngine(RuleCatalog.ofDirectory(rules), Profile.empty());
        dataDir = dir.resolve("data");
        try (Store store = Store.embedded(dataDir)) {
            store.hosts().upsert(Host.of("h1", "web-1", "prod", Host.SOURCE_AGENT));
            store.hosts().upsert(Host.of("h2", "db-1", "prod", Host.SOURCE_AGENT));
            webScans[0] = record(store, "h1", "web-1", T0, "99999", true);
            dbScans[0] = record(store, "h2", "db-1", T0, "90", false);
            webScans[1] = record(store, "h1", "web-1", T1, "90", true);
            webScans[2] = record(store, "h1", "web-1", T2, "90", false);
            dbScans[1] = record(store, "h2", "db-1", T2, "99999", false);
        }
    }

    private long record(Store store, String hostId, String name, Instant at, String maxDays, boolean emptyAccount) {
        Facts f = facts(name, at, maxDays, emptyAccount);
        Evaluation ev = engine.evaluate(f, Map.of()).toBuilder().setEvaluatedAtEpochMs(at.toEpochMilli()).build();
        return store.scans().recordScan(hostId, f.getReportId(), f, ev, "agent").scanId();
    }

    static Facts facts(String host, Instant at, String maxDays, boolean emptyAccount) {
        Accounts.Builder acc = Accounts.newBuilder().setShadowReadable(true)
                .addAccounts(Account.newBuilder().setName("root").setUid(0).setInteractiveShell(true)
                        .setPasswordState(PasswordState.HASHED).setShadowEntry(true));
        acc.addAccounts(Account.newBuilder().setName("guest").setUid(1001).setInteractiveShell(true).setShadowEntry(true)
                .setPasswordState(emptyAccount ? PasswordState.EMPTY : PasswordState.LOCKED)
                .setShadowSource(Source.newBuilder().setPath("/etc/shadow").setLine(20).setExcerpt("guest:<EMPTY>:19700::::::")));
        return Facts.newBuilder().setSchemaVersion("1").setReportId(host + "-" + at.toEpochMilli())
                .setHost(HostInfo.newBuilder().setHostname(host).setCollectedAtEpochMs(at.toEpochMilli()))
                .setOs(OsInfo.newBuilder().setFamily(OsFamily.RHEL).setId("openEuler").setPrettyName("openEuler 22.03 LTS"))
                .setPasswordPolicy(PasswordPolicy.newBuilder().setLoginDefsPresent(true)
                        .putLoginDefs("PASS_MAX_DAYS", Setting.newBuilder().setKey("PASS_MAX_DAYS").setValue(maxDays)
                                .setSource(Source.newBuilder().setPath("/etc/login.defs").setLine(25)
                                        .setExcerpt("PASS_MAX_DAYS   " + maxDays)).build()))
                .setAccounts(acc).build();
    }

    @Test
    void lifecycleFeedsKpisScoresAndDiff() {
        try (Store store = Store.embedded(dataDir)) {
            FindingRecord pwd = store.findings().get("h1", "pwd-max-age").orElseThrow();
            assertEquals(T0, pwd.firstSeenAt());
            assertEquals(T1, pwd.fixedAt());
            FindingRecord empty = store.findings().get("h1", "account-empty-password").orElseThrow();
            assertEquals(T2, empty.fixedAt());
            FindingRecord dbPwd = store.findings().get("h2", "pwd-max-age").orElseThrow();
            assertEquals(T2, dbPwd.firstSeenAt());
            assertNull(dbPwd.fixedAt());

            ScanDiff d1 = store.findings().diff("h1", webScans[0], webScans[1]);
            assertEquals(List.of("pwd-max-age"), d1.fixed().stream().map(ScanDiff.Entry::ruleId).toList());
            assertEquals(List.of("account-empty-password"), d1.stillOpen().stream().map(ScanDiff.Entry::ruleId).toList());
            ScanDiff d2 = store.findings().diff("h2", dbScans[0], dbScans[1]);
            assertEquals(List.of("pwd-max-age"), d2.newlyFailing().stream().map(ScanDiff.Entry::ruleId).toList());

            StoreReportSource src = new StoreReportSource(store);
            List<Host> hosts = src.hosts("prod", null);
            // the CLI below runs without a collector.yaml: the system's zone, as here
            KpiCalculator calc = new KpiCalculator(KpiTargets.defaults(), Times.system());
            // all time: open db-1/pwd-max-age; fixed web-1/pwd-max-age (T0→T1 = 20 d) and web-1/empty (T0→T2 = 39 d)
            Kpi all = calc.compute(src.lifecycle("prod", hosts, null), NOW, null).overall();
            assertEquals(1, all.open());
            assertEquals(2, all.fixed());
            assertEquals(2.0 / 3.0, all.fixRate(), 1e-9);
            assertEquals(29.5, all.medianDaysToFix(), 1e-9);   // (20 + 39) / 2
            assertEquals(39.0, all.worstDaysToFix(), 1e-9);
            assertEquals(0, all.overdue());
            assertEquals(0, all.highRiskOpen());
            // since now − 10 d: web-1/pwd-max-age was fixed before the period → open 1, fixed 1 → 50 %
            Instant since = NOW.minus(Duration.ofDays(10));
            Kpi recent = calc.compute(src.lifecycle("prod", hosts, since), NOW, since).overall();
            assertEquals(1, recent.open());
            assertEquals(1, recent.fixed());
            assertEquals(0.5, recent.fixRate(), 1e-9);

            // latest scans: web-1 8.1.4.1a all pass → 100 优; db-1 pwd FAIL + empty PASS → 部分符合: 100 − 3×0.5 = 98.5,
            // medium risk open → 良. Group mean 99.25, medium open → 良.
            ReportData data = new ReportBuilder(Scorer.builtIn(), calc, Times.system()).build("分组 prod", src.snapshots(hosts),
                    src.lifecycle("prod", hosts, null), NOW, null, "test", "0.1.0");
            assertEquals(List.of("db-1", "web-1"), data.hosts().stream().map(HostReport::host).toList());
            assertEquals(98.5, data.hosts().get(0).score().score2021(), 1e-9);
            assertEquals("良", data.hosts().get(0).score().band2021());
            assertEquals(100.0, data.hosts().get(1).score().score2021(), 1e-9);
            assertEquals(99.25, data.groups().get(0).meanScore2021(), 1e-9);
            assertEquals(Status.PASS, data.hosts().get(1).score().items().get(0).status());
            assertEquals("openEuler 22.03 LTS", data.hosts().get(1).asset().os());
        }
    }

    /**
     * As of T1 + 1 h: web-1's latest scan is T1 — pwd-max-age fixed, empty password still open (高, 重大风险隐患):
     * 8.1.4.1a PASS + FAIL → 部分符合 → 100 − 3×0.5 = 98.5, forced to 差 by the open high risk. db-1's scan is T0:
     * all pass → 100. KPIs at that moment: open 1 (the empty password), fixed 1 (pwd-max-age, 20 d).
     */
    @Test
    void exportAsOfAPastDateShowsTheStateThen() throws Exception {
        Instant asOf = T1.plus(Duration.ofHours(1));
        Path out = dir.resolve("asof.json");
        assertEquals(0, CollectorMain.execute("export", "--group", "prod", "--format", "json", "--out", out.toString(),
                "--as-of", asOf.toString(), "--data-dir", dataDir.toString()));
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode db = root.get("hosts").get(0);
        JsonNode web = root.get("hosts").get(1);
        assertEquals("web-1", web.get("host").asText());
        assertEquals(Long.toString(webScans[1]), web.get("scanId").asText());
        assertEquals(98.5, web.get("score").get("score2021").asDouble(), 1e-9);
        assertEquals("差", web.get("score").get("band2021").asText());
        assertEquals(List.of("account-empty-password"),
                List.of(web.get("score").get("majorHazards").get(0).asText()));
        assertEquals(Long.toString(dbScans[0]), db.get("scanId").asText());
        assertEquals(100.0, db.get("score").get("score2021").asDouble(), 1e-9);
        JsonNode k = root.get("kpi").get("overall");
        assertEquals(1, k.get("open").asInt());
        assertEquals(1, k.get("fixed").asInt());
        assertEquals(20.0, k.get("medianDaysToFix").asDouble(), 1e-9);
        for (JsonNode f : web.get("findings")) {
            if (f.get("ruleId").asText().equals("account-empty-password")) {
                assertTrue(f.get("fixedAt").isNull());       // fixed at T2, after the as-of date
                assertEquals("未整改", f.get("rectification").asText());
            }
        }
    }

    @Test
    void cliExportsSignsVerifiesAndReportsKpis() throws Exception {
        Path out = dir.resolve("out").resolve("prod.xlsx");
        // --out into a directory that does not exist is a mistake, not a request to create it
        assertEquals(2, CollectorMain.execute("export", "--group", "prod", "--format", "xlsx", "--out", out.toString(),
                "--data-dir", dataDir.toString(), "--collector-id", "c-1"));
        assertFalse(Files.exists(out.getParent()));
        Files.createDirectories(out.getParent());
        assertEquals(0, CollectorMain.execute("export", "--group", "prod", "--format", "xlsx", "--out", out.toString(),
                "--data-dir", dataDir.toString(), "--collector-id", "c-1"));
        try (ReadableWorkbook wb = new ReadableWorkbook(out.toFile())) {
            List<Row> rows = wb.findSheet("测评记录").orElseThrow().read();
            // 2 hosts × 34 测评指标, each followed by its rules as detail rows
            assertEquals(2 * 34, rows.stream().skip(1).filter(r -> !r.getCellAsString(0).orElse("").isEmpty()
                    && !r.getCellAsString(2).orElse("").startsWith("└ 规则")).count());
            List<Row> ruleRows = rows.stream().skip(1).filter(r -> r.getCellAsString(2).orElse("").startsWith("└ 规则"))
                    .toList();
            // 2 hosts × 2 automated rules; the engine adds a 需人工核查 placeholder for every item without a rule
            assertEquals(4, ruleRows.stream().filter(r -> !r.getCellAsString(4).orElse("").equals("需人工核查")).count());
            Row webPwd = ruleRows.stream().filter(r -> r.getCellAsString(0).orElse("").equals("web-1")
                    && r.getCellAsString(2).orElse("").contains("：口令定期更换")).findFirst().orElseThrow();
            assertEquals("符合", webPwd.getCellAsString(4).orElseThrow());
            assertEquals("已整改（" + Times.system().text(T1) + "）", webPwd.getCellAsString(9).orElseThrow());
            // 首次发现 and the fixing re-scan are in the rectification record
            Row webPwdFix = wb.findSheet("整改记录").orElseThrow().read().stream()
                    .filter(r -> r.getCellAsString(0).orElse("").equals("web-1")
                            && r.getCellAsString(3).orElse("").startsWith("口令定期更换")).findFirst().orElseThrow();
            assertEquals(Times.system().text(T0), webPwdFix.getCellAsString(6).orElseThrow());
            assertEquals("已整改", webPwdFix.getCellAsString(7).orElseThrow());
            assertEquals(Times.system().text(T1), webPwdFix.getCellAsString(9).orElseThrow());
            assertTrue(webPwdFix.getCellAsString(8).orElse("").startsWith("#"), "the re-scan that found it fixed");
            // the empty-password hazard (重大风险隐患) of web-1 stays in the rectification record after its fix
            List<Row> hz = wb.findSheet("重大风险隐患整改").orElseThrow().read();
            assertEquals(2, hz.size(), hz.toString());
            assertEquals("web-1", hz.get(1).getCellAsString(0).orElseThrow());
            assertEquals("已整改（" + Times.system().text(T2) + "）", hz.get(1).getCellAsString(4).orElseThrow());
            assertTrue(hz.get(1).getCellAsString(5).orElseThrow().contains("复测符合"));
        }
        assertTrue(Files.exists(ExportSigner.manifestPath(out)));
        assertEquals(0, CollectorMain.execute("verify", out.toString(), "--data-dir", dataDir.toString()));
        JsonNode manifest = new ObjectMapper().readTree(ExportSigner.manifestPath(out).toFile());
        assertEquals("c-1", manifest.get("collectorId").asText());
        assertEquals(2, manifest.get("scanIds").size());

        Path pub = dataDir.resolve("keys").resolve("export-sm2.pub.pem");
        Files.write(out, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(1, CollectorMain.execute("verify", out.toString(), "--public-key", pub.toString()));
        assertEquals(2, CollectorMain.execute("verify"));
        assertEquals(2, CollectorMain.execute("export", "--host", "no-such-host", "--format", "csv", "--out",
                dir.resolve("x.csv").toString(), "--data-dir", dataDir.toString()));
        assertEquals(2, CollectorMain.execute("export", "--group", "prod", "--format", "pdf", "--out",
                dir.resolve("x.pdf").toString(), "--data-dir", dataDir.toString()));

        String json = captureOut(() -> CollectorMain.execute("report", "kpi", "--group", "prod", "--format", "json",
                "--data-dir", dataDir.toString()));
        JsonNode k = new ObjectMapper().readTree(json);
        assertEquals(1, k.get("overall").get("open").asInt());
        assertEquals(2, k.get("overall").get("fixed").asInt());
        String table = captureOut(() -> CollectorMain.execute("report", "score", "--data-dir", dataDir.toString()));
        assertTrue(table.contains("98.5") && table.contains("良") && table.contains("pwd-max-age"), table);
        JsonNode score = new ObjectMapper().readTree(captureOut(() -> CollectorMain.execute("report", "score",
                "--host", "db-1", "--format", "json", "--data-dir", dataDir.toString())));
        assertEquals(98.5, score.get("hosts").get(0).get("score").get("score2021").asDouble(), 1e-9);
        assertEquals("pwd-max-age", score.get("fixFirst").get(0).get("ruleId").asText());
        assertEquals(1.5, score.get("fixFirst").get(0).get("scoreGain").asDouble(), 1e-9);
    }

    private static String captureOut(java.util.concurrent.Callable<Integer> run) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run.call());
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
