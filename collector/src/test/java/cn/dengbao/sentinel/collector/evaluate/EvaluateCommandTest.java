package cn.dengbao.sentinel.collector.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.access.RootDirAccess;
import cn.dengbao.sentinel.agent.collect.FactsCollector;
import cn.dengbao.sentinel.agent.collect.FactsJson;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
}
