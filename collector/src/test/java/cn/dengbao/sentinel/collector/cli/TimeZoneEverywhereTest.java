package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.testkit.ConsoleRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug of issue 10: one finding showed a different calendar day in {@code findings} (system zone) and in the
 * exports (fixed Beijing time). With {@code timeZone: Asia/Shanghai} a finding first seen at 20:00 UTC on 01-01 is
 * on 01-02 in the CLI table, its CSV and JSON, and in the CSV, xlsx, HTML and JSON exports, with the zone written.
 */
class TimeZoneEverywhereTest {
    private static final Instant SEEN = Instant.parse("2026-01-01T20:00:00Z");
    private static final String TEXT = "2026-01-02 04:00:00 +08:00";
    private static final String ISO = "2026-01-02T04:00:00+08:00";

    @TempDir
    Path dir;
    private Path dataDir;
    private Path config;
    private String out;
    private String err;

    @BeforeEach
    void seed() throws Exception {
        dataDir = dir.resolve("data");
        config = dir.resolve("collector.yaml");
        Files.writeString(config, "timeZone: Asia/Shanghai\n");
        try (Store s = Store.embedded(dataDir)) {
            s.hosts().upsert(Host.of("h1", "web-01", "prod", Host.SOURCE_AGENT));
            Facts facts = Facts.newBuilder().setReportId("r1")
                    .setHost(HostInfo.newBuilder().setHostname("web-01").setCollectedAtEpochMs(SEEN.toEpochMilli())).build();
            Evaluation ev = Evaluation.newBuilder().setHost("web-01").setReportId("r1")
                    .setEvaluatedAtEpochMs(SEEN.toEpochMilli())
                    .addFindings(Finding.newBuilder().setRuleId("pwd-max-age").setClause("8.1.4.1a")
                            .setTitle("口令定期更换").setStatus(Status.FAIL).setRisk(Risk.MEDIUM)).build();
            s.scans().recordScan("h1", "r1", facts, ev, "schedule");
        }
    }

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    private String[] store(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        all[args.length + 2] = "--config";
        all[args.length + 3] = config.toString();
        return all;
    }

    @Test
    void theCliAndEveryExportShowTheSameDayWithTheZone() throws Exception {
        assertEquals(0, run(store("findings", "--host", "web-01")), err);
        assertTrue(out.contains(TEXT), out);
        assertFalse(out.contains("2026-01-01"), out);

        assertEquals(0, run(store("findings", "--host", "web-01", "--format", "csv")), err);
        assertTrue(out.lines().skip(1).findFirst().orElseThrow().contains("," + ISO + ","), out);

        assertEquals(0, run(store("findings", "--host", "web-01", "--format", "json")), err);
        assertEquals(ISO, Json.MAPPER.readTree(out).get("findings").get(0).get("firstSeenAt").asText());

        Path csv = dir.resolve("r.csv");
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "csv", "--out", csv.toString())), err);
        String csvText = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(csvText.contains("," + TEXT + ","), csvText);
        assertFalse(csvText.contains("2026-01-01"), csvText);

        Path xlsx = dir.resolve("r.xlsx");
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "xlsx", "--out", xlsx.toString())), err);
        try (ReadableWorkbook wb = new ReadableWorkbook(xlsx.toFile())) {
            // 首次发现 is in the rectification record, the collection time in the asset block of 汇总
            List<Row> rows = wb.findSheet("整改记录").orElseThrow().read();
            Row pwd = rows.stream().filter(r -> r.getCellAsString(3).orElse("").equals("口令定期更换"))
                    .findFirst().orElseThrow();
            assertEquals(TEXT, pwd.getCellAsString(6).orElseThrow());
            List<Row> summary = wb.findSheet("汇总").orElseThrow().read();
            int at = summary.indexOf(summary.stream().filter(r -> r.getCellAsString(0).orElse("").startsWith("资产"))
                    .findFirst().orElseThrow());
            assertEquals(TEXT, summary.get(at + 2).getCellAsString(8).orElseThrow());
        }

        Path html = dir.resolve("r.html");
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "html", "--out", html.toString())), err);
        List<String> cells = Jsoup.parse(html.toFile(), "UTF-8").select("td").eachText();
        assertTrue(cells.contains(TEXT), cells.toString());
        assertTrue(cells.stream().noneMatch(c -> c.contains("2026-01-01")), cells.toString());

        Path json = dir.resolve("r.json");
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "json", "--out", json.toString())), err);
        JsonNode host = Json.MAPPER.readTree(json.toFile()).get("hosts").get(0);
        assertEquals(ISO, host.get("evaluatedAt").asText());
        assertEquals(ISO, host.get("findings").get(0).get("firstSeenAt").asText());
        assertEquals(ISO, host.get("asset").get("collectedAt").asText());
    }

    /** {@code --since DATE} is midnight in the configured zone: 01-02 in Beijing still counts the 01-01 20:00 UTC finding. */
    @Test
    void dateOptionsAreDaysInTheConfiguredZone() throws Exception {
        assertEquals(0, run(store("report", "kpi", "--since", "2026-01-02", "--format", "json")), err);
        JsonNode kpi = Json.MAPPER.readTree(out);
        assertEquals("2026-01-02T00:00:00+08:00", kpi.get("since").asText());
        assertEquals(1, kpi.get("overall").get("open").asInt());
        // --as-of 01-01 ends at 16:00 UTC in Beijing, before the scan (20:00 UTC): nothing was known of the host then;
        // counted in UTC the day would have ended after it
        Path json = dir.resolve("asof.json");
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "json", "--as-of", "2026-01-01",
                "--out", json.toString(), "--no-sign")), err);
        assertEquals(0, Json.MAPPER.readTree(json.toFile()).get("hosts").size());
        assertEquals(0, run(store("export", "--host", "web-01", "--format", "json", "--as-of", "2026-01-02",
                "--out", json.toString(), "--no-sign")), err);
        assertEquals(ISO, Json.MAPPER.readTree(json.toFile()).get("hosts").get(0).get("evaluatedAt").asText());
    }

    @Test
    void anUnknownZoneIsAConfigurationErrorWithExitTwo() throws Exception {
        Files.writeString(config, "timeZone: Asia/Beijing\n");
        assertEquals(2, run(store("findings", "--host", "web-01")));
        assertTrue(err.contains("未知时区") && err.contains("Asia/Beijing"), err);
        assertEquals(2, run("agents", "list", "--config", config.toString(), "--data-dir", dataDir.toString()));
        assertTrue(err.contains("未知时区"), err);
        assertEquals(2, run("serve", "--config", config.toString(), "--data-dir", dataDir.toString(),
                "--listen", "127.0.0.1:0"));
        assertTrue(err.contains("未知时区"), err);
    }

    /** The shipped example config is valid and names Beijing time; without timeZone the system's zone is used. */
    @Test
    void exampleConfigSaysAsiaShanghaiAndTheDefaultIsTheSystemZone() throws Exception {
        CollectorConfig example = CollectorConfig.load(Path.of("packaging/collector.yaml.example"));
        assertEquals(ZoneId.of("Asia/Shanghai"), example.zone());
        assertEquals(ZoneId.systemDefault(), new CollectorConfig().zone());
    }
}
