package cn.dengbao.sentinel.collector.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.export.HtmlChecks;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate command end to end: a root directory collected by the real probes, judged by the real rules. */
class EvaluateCommandTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CollectorMain.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path root(String passwd, String shadow) throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc/pam.d"));
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        Files.writeString(root.resolve("etc/hostname"), "web-01\n");
        Files.writeString(root.resolve("etc/passwd"), passwd);
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        if (shadow != null) {
            Files.writeString(root.resolve("etc/shadow"), shadow);
        }
        Files.writeString(root.resolve("etc/login.defs"), "PASS_MAX_DAYS\t99999\nENCRYPT_METHOD SHA512\n");
        Files.writeString(root.resolve("etc/pam.d/common-auth"), "auth [success=1 default=ignore] pam_unix.so nullok\nauth requisite pam_deny.so\n");
        return root;
    }

    private Path collect(Path root) throws IOException {
        Facts facts = new FactsCollector().collect(new RootDirAccess(root), List.of());
        Path file = tmp.resolve("facts.json");
        FactsJson.write(file, facts);
        return file;
    }

    @Test
    void jsonOutputFollowsTheDesignContractAndCoversEveryLevel3HostItem() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:$6$abc$def:19000:0:99999:7:::\n"));
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("web-01", json.get("host").asText());
        JsonNode first = json.get("results").get(0);
        for (String key : List.of("ruleId", "clause", "title", "status", "risk", "evidence", "remediation")) {
            assertTrue(first.has(key), "result field " + key);
        }
        Set<String> clauses = new HashSet<>();
        json.get("clauses").forEach(c -> clauses.add(c.get("clause").asText()));
        assertEquals(34, clauses.size(), "every 8.1.4 level-3 item is rolled up: " + clauses);
        assertTrue(clauses.containsAll(List.of("8.1.4.1a", "8.1.4.2g", "8.1.4.4f", "8.1.4.5", "8.1.4.11b")));
    }

    @Test
    void emptyPasswordAccountIsHighRiskAndFailOnHighExitsOne() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\nops:x:1000:1000::/home/ops:/bin/bash\n",
                "root:$6$abc$def:19000:0:99999:7:::\nops::19000:0:99999:7:::\n"));
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "json", "--fail-on", "high");
        assertEquals(1, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        boolean found = false;
        for (JsonNode f : json.get("results")) {
            if (f.get("clause").asText().equals("8.1.4.1a") && f.get("risk").asText().equals("HIGH")) {
                found = true;
                assertEquals("FAIL", f.get("status").asText());
            }
        }
        assertTrue(found, "an account without a password is a high-risk 8.1.4.1a finding");
        assertEquals(0, run("evaluate", "--facts", facts.toString(), "--format", "json").exit(), "no --fail-on: exit 0");
    }

    @Test
    void unreadableShadowGivesErrorNamingTheFileNeverPass() throws Exception {
        Path root = root("root:x:0:0:root:/root:/bin/bash\n", null);
        Files.createDirectories(root.resolve("etc/shadow")); // present but not readable as a file
        Path facts = collect(root);
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        boolean sawError = false;
        for (JsonNode f : json.get("results")) {
            if (f.get("ruleId").asText().equals("account-empty-password")) {
                assertEquals("ERROR", f.get("status").asText());
                assertTrue(f.get("message").asText().contains("/etc/shadow"), f.get("message").asText());
                sawError = true;
            }
        }
        assertTrue(sawError);
    }

    @Test
    void malformedOrMissingFactsAreUsageErrorsWithAClearMessage() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"host\": [1, 2");
        Run r = run("evaluate", "--facts", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.json"), r.err());

        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{}");
        Run e = run("evaluate", "--facts", empty.toString());
        assertEquals(2, e.exit());
        assertTrue(e.err().contains("no facts"), e.err());

        Run missing = run("evaluate", "--facts", tmp.resolve("nope.json").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("not found"), missing.err());

        Run usage = run("evaluate");
        assertEquals(2, usage.exit());
    }

    @Test
    void hostileHostnameCannotReachTheTerminalOrRunAsAFormula() throws Exception {
        Facts facts = FactsJson.read(collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:*:19000:0:99999:7:::\n")));
        String hostile = "=HYPERLINK(\"http://x\",\"y\")\u001b[31m\n<script>";
        Facts evil = facts.toBuilder().setHost(HostInfo.newBuilder(facts.getHost()).setHostname(hostile)).build();
        Path file = tmp.resolve("evil.json");
        FactsJson.write(file, evil);

        Run table = run("evaluate", "--facts", file.toString());
        assertEquals(0, table.exit(), table.err());
        assertFalse(table.out().contains("\u001b"), "no terminal escape from agent data");

        Run csv = run("evaluate", "--facts", file.toString(), "--format", "csv");
        assertTrue(csv.out().startsWith("\uFEFF"), "UTF-8 BOM for Chinese Excel");
        assertFalse(csv.out().contains(",\"=HYPERLINK"), "formula neutralised");
        assertTrue(csv.out().contains("\"'=HYPERLINK"), csv.out().substring(0, Math.min(400, csv.out().length())));
    }

    @Test
    void writesToOutFile() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:*:19000:0:99999:7:::\n"));
        Path out = tmp.resolve("result.json");
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "json", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(new ObjectMapper().readTree(out.toFile()).has("results"));
    }

    @Test
    void localEvaluatesThisHostInOneProcessAndIsExclusiveWithFacts() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\n", null));
        Run both = run("evaluate", "--facts", facts.toString(), "--local");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("--facts FILE or --local"), both.err());
        Run neither = run("evaluate", "--format", "json");
        assertEquals(2, neither.exit());
        Run sectionWithoutLocal = run("evaluate", "--facts", facts.toString(), "--section", "accounts");
        assertEquals(2, sectionWithoutLocal.exit());
        Run badSection = run("evaluate", "--local", "--section", "no-such-section");
        assertEquals(2, badSection.exit());
        assertTrue(badSection.err().contains("no-such-section"), badSection.err());

        // only the accounts section: fast, and needs no package manager; the live host is really read
        Path cache = tmp.resolve("cache");
        Run r = run("evaluate", "--local", "--section", "accounts", "--cache-dir", cache.toString(), "--format", "json", "--timings");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("timing collect"), r.err());
        assertFalse(Files.exists(cache), "no cache directory when the packages section is not collected");
        JsonNode json = new ObjectMapper().readTree(r.out());
        String hostname = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).strip() : "";
        if (!hostname.isEmpty()) {
            assertEquals(hostname, json.get("host").asText());
        }
        assertTrue(json.get("results").size() > 0);
        // rules over the collected section are judged; rules needing sections not collected say so (ERROR), never PASS
        Set<String> statuses = new HashSet<>();
        json.get("results").forEach(n -> statuses.add(n.get("status").asText()));
        assertTrue(statuses.contains("ERROR"), statuses.toString());
        assertTrue(statuses.size() > 1, statuses.toString());
    }

    // ------------------------------------------------------------------ xlsx / html: the export report for one host

    private static List<String> cells(Row row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
            // getText: numeric cells (package counts, scores) read as their text, like a person sees them
            out.add(row.getCell(i) == null ? "" : row.getCell(i).getText());
        }
        return out;
    }

    @Test
    void xlsxIsTheExportWorkbookForThisOneHost() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\nops:x:1000:1000::/home/ops:/bin/bash\n",
                "root:$6$abc$def:19000:0:99999:7:::\nops::19000:0:99999:7:::\n"));
        Path out = tmp.resolve("report.xlsx");
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "xlsx", "--out", out.toString(), "--fail-on", "high");
        assertEquals(1, r.exit(), "--fail-on still decides the exit code: " + r.err());
        assertEquals("", r.out(), "a binary report never goes to the terminal");
        try (InputStream in = Files.newInputStream(out); ReadableWorkbook wb = new ReadableWorkbook(in)) {
            assertEquals(List.of("汇总", "测评记录", "整改记录", "重大风险隐患整改"), wb.getSheets().map(Sheet::getName).toList());
            List<Row> records = wb.findSheet("测评记录").orElseThrow().read();
            assertEquals(List.of("测评对象", "安全控制点", "测评指标", "结果记录", "符合情况", "风险等级", "重大风险隐患",
                    "整改建议", "处置(理由/处置人/时间)", "整改状态"), cells(records.get(0)));
            List<String> item = records.stream().skip(1).map(EvaluateCommandTest::cells)
                    .filter(c -> c.get(2).startsWith("8.1.4.1a ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no 8.1.4.1a item row"));
            assertEquals("web-01", item.get(0));
            assertEquals("部分符合", item.get(4));   // some 8.1.4.1a rules pass, the empty password fails
            assertEquals("高", item.get(5));
            List<String> emptyPassword = records.stream().skip(1).map(EvaluateCommandTest::cells)
                    .filter(c -> c.get(2).startsWith("└ 规则 ") && "高".equals(c.get(5))
                            && c.get(0).equals("web-01")).findFirst()
                    .orElseThrow(() -> new AssertionError("no high-risk rule row"));
            assertEquals("不符合", emptyPassword.get(4));
            assertEquals("未整改", emptyPassword.get(9));
            assertTrue(records.size() > 34 + 30, "34 items and every rule's verdict, not only the failures: "
                    + records.size());
            List<Row> rect = wb.findSheet("整改记录").orElseThrow().read();
            assertTrue(rect.stream().skip(1).map(EvaluateCommandTest::cells)
                    .anyMatch(c -> c.get(1).startsWith("8.1.4.1a") && !c.get(6).isEmpty()),
                    "first seen = the evaluation time (no history)");
            List<Row> summary = wb.findSheet("汇总").orElseThrow().read();
            List<List<String>> sum = summary.stream().map(EvaluateCommandTest::cells).toList();
            int high = sum.indexOf(sum.stream().filter(c -> c.get(0).startsWith("高风险问题")).findFirst().orElseThrow());
            assertTrue(sum.stream().skip(high).anyMatch(c -> c.size() > 1 && c.get(1).startsWith("8.1.4.1a")),
                    "the open high risk of 8.1.4.1a is in the summary's high-risk block");
            int at = sum.indexOf(sum.stream().filter(c -> c.get(0).startsWith("资产")).findFirst().orElseThrow());
            List<Row> assets = summary.subList(at + 1, summary.size());
            assertEquals("web-01", cells(assets.get(1)).get(0));
            assertTrue(cells(assets.get(1)).get(1).contains("Debian"), cells(assets.get(1)).toString());
        }
    }

    @Test
    void xlsxWithoutOutIsAUsageError() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:*:19000:0:99999:7:::\n"));
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "xlsx");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--out"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void htmlIsSelfContainedAndAHostileHostnameStaysText() throws Exception {
        Facts facts = FactsJson.read(collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:*:19000:0:99999:7:::\n")));
        String hostile = "<script>alert(1)</script>";
        Path file = tmp.resolve("evil.json");
        FactsJson.write(file, facts.toBuilder().setHost(HostInfo.newBuilder(facts.getHost()).setHostname(hostile)).build());

        Run r = run("evaluate", "--facts", file.toString(), "--format", "html");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains(hostile), "the hostname is escaped, never raw markup");
        Document doc = Jsoup.parse(r.out());
        HtmlChecks.assertOnlyTheBundledScript(doc); // no <script> element may come out of data
        assertTrue(doc.select("img, iframe, object, embed, link, base, form").isEmpty());
        assertTrue(doc.select("[src]").isEmpty(), "nothing fetched: " + doc.select("[src]"));
        for (Element e : doc.select("[href]")) {
            assertTrue(e.attr("href").startsWith("#"), "only in-page links: " + e.attr("href"));
        }
        for (Element e : doc.getAllElements()) {
            e.attributes().forEach(a -> assertFalse(a.getKey().toLowerCase().startsWith("on"), "event handler: " + a));
        }
        assertTrue(doc.text().contains(hostile), "the hostile hostname is shown, as text");
        assertTrue(doc.text().contains("8.1.4.1a"), "the findings are there with their clauses");
        assertTrue(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content").contains("default-src 'none'"));
    }

    @Test
    void htmlGoesToOutWhenAskedAndHelpSaysEvaluateOutputIsUnsigned() throws Exception {
        Path facts = collect(root("root:x:0:0:root:/root:/bin/bash\n", "root:*:19000:0:99999:7:::\n"));
        Path out = tmp.resolve("report.html");
        Run r = run("evaluate", "--facts", facts.toString(), "--format", "html", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        Document doc = Jsoup.parse(Files.readString(out));
        assertEquals("zh-CN", doc.select("html").attr("lang"));
        assertEquals("测评对象：web-01", doc.select("section.host h2").first().text());
        assertFalse(Files.exists(Path.of(out + ".manifest.json")), "evaluate output is not signed");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left behind");
        }

        Run help = run("evaluate", "--help");
        assertTrue(help.out().contains("xlsx") && help.out().contains("NOT signed") && help.out().contains("'export'"), help.out());
    }
}
