package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.server.StoreBackend;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import cn.dengbao.sentinel.testkit.SyntheticFacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI conventions of issue 10 on the collector: a data directory or database that holds no store is an error
 * for every store command (nothing is created there), list commands speak JSON, and mistakes — a group without
 * targets, an unknown or non-boolean host attribute, --out into a missing directory — fail with exit 2.
 */
class CliConventionsTest {
    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    /** Every command that uses the store, with arguments that would otherwise be enough to run it. */
    private List<String[]> storeCommands(Path exportDir) {
        return List.of(
                new String[] {"token", "create"},
                new String[] {"agents", "list"},
                new String[] {"agents", "revoke", "a-1"},
                new String[] {"scan", "--all"},
                new String[] {"findings", "--host", "web-01"},
                new String[] {"findings", "diff", "--host", "web-01"},
                new String[] {"findings", "decide", "--host", "web-01", "--rule", "r", "--decision", "accepted_risk",
                        "--reason", "x"},
                new String[] {"findings", "revoke", "--host", "web-01", "--rule", "r", "--reason", "x"},
                new String[] {"findings", "history", "--host", "web-01", "--rule", "r"},
                new String[] {"targets", "add", "--name", "t", "--host", "127.0.0.1", "--user", "u", "--password-env",
                        "PATH", "--host-key-fingerprint", "SHA256:" + "A".repeat(43)},
                new String[] {"targets", "list"},
                new String[] {"targets", "remove", "t"},
                new String[] {"targets", "test", "t"},
                new String[] {"schedules", "add", "--group", "g", "--cron", "0 2 * * *"},
                new String[] {"schedules", "list"},
                new String[] {"schedules", "remove", "s"},
                new String[] {"scans", "list"},
                new String[] {"scans", "run", "--group", "g"},
                new String[] {"audit", "verify"},
                new String[] {"audit", "list"},
                new String[] {"report", "score"},
                new String[] {"report", "kpi"},
                new String[] {"export", "--format", "json", "--out", exportDir.resolve("x.json").toString()});
    }

    private static String[] with(String[] command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void aDataDirectoryWithoutAStoreIsAnErrorForEveryStoreCommandAndNothingIsCreated() {
        Path typo = tmp.resolve("sentinel-dta");
        for (String[] c : storeCommands(tmp)) {
            assertEquals(2, run(with(c, "--data-dir", typo.toString())), String.join(" ", c) + ": " + out + err);
            assertTrue(err.startsWith("错误：数据目录 " + typo) && err.contains("sentinel.mv.db"),
                    String.join(" ", c) + ": " + err);
            assertFalse(Files.exists(typo), String.join(" ", c) + " created " + typo);
        }
    }

    @Test
    void aDatabaseWithoutTheCollectorTablesIsAnErrorAndAMistypedH2FileIsNotCreated() {
        String url = "jdbc:h2:file:" + tmp.resolve("typo").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        for (String[] c : storeCommands(tmp)) {
            assertEquals(2, run(with(c, "--db-url", url, "--db-user", "sa", "--data-dir", tmp.toString())),
                    String.join(" ", c) + ": " + err);
            assertTrue(err.contains("没有采集端的表") && err.contains("schema_version"), String.join(" ", c) + ": " + err);
        }
        assertFalse(Files.exists(tmp.resolve("typo.mv.db")));
        // the same URL once it holds a store (serve migrated it)
        Store.open(url, "sa", "").close();
        assertEquals(0, run("audit", "verify", "--db-url", url, "--db-user", "sa", "--data-dir", tmp.toString()), err);
    }

    @Test
    void tokenCreateNeedsTheCollectorsCaAndPrintsItsFingerprint() throws Exception {
        Path data = tmp.resolve("data");
        Store.embedded(data).close();
        // a store but no CA (e.g. a shared database with the wrong --data-dir): no token for a CA nobody runs
        assertEquals(2, run("token", "create", "--data-dir", data.toString()));
        assertTrue(err.contains("CA"), err);
        assertFalse(Files.exists(data.resolve("pki").resolve("ca.crt")));
        try (Store s = Store.embedded(data)) {
            assertTrue(new StoreBackend(s).list().isEmpty());
        }
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(CertificateAuthority.Paths.under(data), List.of("localhost"));
        assertEquals(0, run("token", "create", "--data-dir", data.toString()), err);
        assertFalse(out.strip().isEmpty());
        assertTrue(err.contains("CA fingerprint: " + ca.fingerprint()), err);
    }

    @Test
    void theConfigFileSelectsTheDataDirectory() throws Exception {
        Path data = tmp.resolve("from-config");
        Store.embedded(data).close();
        Path yaml = tmp.resolve("collector.yaml");
        Files.writeString(yaml, "dataDir: " + data + "\n");
        assertEquals(0, run("schedules", "list", "--config", yaml.toString()), err);
        assertEquals(2, run("schedules", "list", "--config", tmp.resolve("nope.yaml").toString()));
        assertTrue(err.startsWith("错误：配置文件不存在"), err);
        Files.writeString(yaml, "dataDirr: " + data + "\n");
        assertEquals(2, run("schedules", "list", "--config", yaml.toString()));
        assertTrue(err.startsWith("错误：配置文件有误") && err.contains("dataDirr"), err);
        assertEquals(1, err.strip().lines().count(), "one line, no trace: " + err);
    }

    @Test
    void listCommandsPrintJsonArraysWithIsoTimes() throws Exception {
        Path data = tmp.resolve("data");
        Instant t = Instant.parse("2026-03-01T08:00:00Z");
        try (Store s = Store.embedded(data)) {
            new StoreBackend(s).register(AgentRecord.enrolment("a-1", "agent-01", "Debian 12", "0.1.0", "prod", "01", "ab",
                    "127.0.0.1", t));
            s.hosts().upsert(Host.of("h1", "web-01", "prod", Host.SOURCE_AGENT));
            Facts facts = Facts.newBuilder().setReportId("r1")
                    .setHost(HostInfo.newBuilder().setHostname("web-01").setCollectedAtEpochMs(t.toEpochMilli())).build();
            Evaluation ev = Evaluation.newBuilder().setHost("h1").setReportId("r1")
                    .addFindings(Finding.newBuilder().setRuleId("pw-max-age").setClause("8.1.4.1a").setTitle("口令")
                            .setStatus(Status.FAIL).setRisk(Risk.HIGH)).build();
            s.scans().recordScan("h1", "r1", facts, ev, "schedule");
            s.schedules().create("prod", "0 2 * * *", "ssh");
            long runId = s.scanRuns().start(null, t);
            s.scanRuns().finish(runId, t.plusSeconds(5), 1, 1, Map.of("db-01", "主机密钥不匹配"));
        }
        ObjectMapper json = new ObjectMapper();
        String dir = data.toString();

        assertEquals(0, run("agents", "list", "--format", "json", "--data-dir", dir), err);
        JsonNode agents = json.readTree(out);
        assertTrue(agents.isArray() && agents.size() == 1, out);
        assertEquals("a-1", agents.get(0).get("id").asText());
        Instant.parse(agents.get(0).get("enrolledAt").asText()); // ISO-8601, whatever the store set it to

        assertEquals(0, run("scans", "list", "--format", "json", "--data-dir", dir), err);
        JsonNode runs = json.readTree(out);
        assertEquals(1, runs.size(), out);
        assertEquals(t.plusSeconds(5), Instant.parse(runs.get(0).get("finishedAt").asText()));
        assertEquals("主机密钥不匹配", runs.get(0).get("errors").get("db-01").asText(), out);

        assertEquals(0, run("schedules", "list", "--format", "json", "--data-dir", dir), err);
        JsonNode schedules = json.readTree(out);
        assertEquals("0 2 * * *", schedules.get(0).get("cron").asText(), out);
        Instant.parse(schedules.get(0).get("nextRunAt").asText());
        Instant.parse(schedules.get(0).get("createdAt").asText());

        assertEquals(0, run("targets", "list", "--format", "json", "--data-dir", dir), err);
        assertTrue(json.readTree(out).isArray() && json.readTree(out).isEmpty(), out);

        assertEquals(0, run("findings", "decide", "--host", "web-01", "--rule", "pw-max-age", "--decision",
                "accepted_risk", "--reason", "堡垒机", "--data-dir", dir), err);
        assertEquals(0, run("audit", "list", "--format", "json", "--data-dir", dir), err);
        JsonNode audit = json.readTree(out);
        JsonNode decide = audit.get(audit.size() - 1);
        assertEquals("finding.decide", decide.get("action").asText(), out);
        assertEquals("pw-max-age", decide.get("details").get("rule_id").asText(), "details are JSON, not a string: " + out);
        Instant.parse(decide.get("at").asText());

        assertEquals(0, run("findings", "history", "--host", "web-01", "--rule", "pw-max-age", "--format", "json",
                "--data-dir", dir), err);
        JsonNode history = json.readTree(out);
        assertTrue(history.isArray() && history.size() >= 2, out);
        assertEquals("opened", history.get(0).get("kind").asText(), out);
        assertEquals(t, Instant.parse(history.get(0).get("at").asText()));

        assertEquals(2, run("scans", "list", "--format", "yaml", "--data-dir", dir));
        assertTrue(err.startsWith("错误：") && err.contains("--format"), err);
    }

    @Test
    void scanningAGroupWithoutTargetsIsAnErrorAndRecordsNoRun() {
        Path data = tmp.resolve("data");
        Store.embedded(data).close();
        assertEquals(2, run("scans", "run", "--group", "prdo", "--data-dir", data.toString()));
        assertTrue(err.startsWith("错误：分组 prdo 中没有 SSH 目标"), err);
        try (Store s = Store.embedded(data)) {
            assertTrue(s.scanRuns().list(10).isEmpty());
        }
    }

    @Test
    void evaluateRefusesUnknownOrNonBooleanAttributesAndOutIntoAMissingDirectory() throws Exception {
        Path facts = tmp.resolve("facts.json");
        FactsJson.write(facts, SyntheticFacts.server("web-01", "r1", 3));
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--attr", "foo=bar"));
        assertTrue(err.startsWith("错误：未知的主机属性 foo") && err.contains("internet_facing"), err);
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--attr", "internet_facing=maybe"));
        assertTrue(err.startsWith("错误：主机属性 internet_facing") && err.contains("true 或 false"), err);
        assertEquals("", out);
        int ok = run("evaluate", "--facts", facts.toString(), "--attr", "internet_facing=true", "--format", "json");
        assertTrue(ok == 0 || ok == 1, err);

        Path missing = tmp.resolve("no-such-dir").resolve("report.json");
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--format", "json", "--out", missing.toString()));
        assertTrue(err.startsWith("错误：--out 所在的目录不存在"), err);
        assertFalse(Files.exists(missing.getParent()));
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--format", "xlsx", "--out", missing.toString()));
        assertFalse(Files.exists(missing.getParent()));
    }

    @Test
    void errorsNeverPrintStackTraces() throws Exception {
        Path facts = tmp.resolve("facts.json");
        FactsJson.write(facts, SyntheticFacts.server("web-01", "r1", 3));
        List<String> errors = new ArrayList<>();
        assertEquals(2, run("evaluate", "--facts", tmp.resolve("none.json").toString()));
        assertTrue(err.startsWith("错误：事实文件不存在"), err);
        errors.add(err);
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--rules", tmp.resolve("no-rules").toString()));
        assertTrue(err.startsWith("错误：") && err.contains("no-rules"), err);
        errors.add(err);
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "attributes: { internet_facng: \"true\" }\n");
        assertEquals(2, run("evaluate", "--facts", facts.toString(), "--profile", profile.toString()));
        assertTrue(err.startsWith("错误：") && err.contains("internet_facng"), "a profile sets attributes too: " + err);
        errors.add(err);
        assertEquals(2, run("verify", tmp.resolve("none.xlsx").toString(), "--public-key", tmp.resolve("k.pem").toString()));
        assertTrue(err.startsWith("错误：找不到公钥文件"), err);
        errors.add(err);
        assertEquals(2, run("findings", "--host", "x", "--db-url", "jdbc:postgresql://127.0.0.1:1/none"));
        assertTrue(err.startsWith("错误："), err);
        errors.add(err);
        for (String e : errors) {
            assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
            assertEquals(1, e.strip().lines().count(), e);
        }
    }
}
