package cn.dengbao.sentinel.collector.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's roll-up bug: {@code report score} re-rolled an item after an operator decision, and for the
 * "fix first" gains, with its own roll-up, which made [PASS, MANUAL] 部分符合 (0.5) where the engine says
 * 需人工核查. There is one roll-up now (checks' ClauseRollup); these tests run the real engine and compare.
 */
class ScoreFollowsEngineRollupTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path dir;
    Path rules;

    private void rule(String id, String clause, String mode, String body) throws IOException {
        Files.writeString(rules.resolve(id + ".yaml"), "id: " + id + "\nclause: " + clause + "\ncontrol: 身份鉴别\n"
                + "title: " + id + "\nrequires: [accounts]\nmode: " + mode + "\n" + body
                + "remediation: \"Debian/Ubuntu：x；RHEL/CentOS/麒麟/openEuler/Anolis：x\"\n");
    }

    /**
     * 8.1.4.1a: pass-a PASS + manual-a MANUAL; 8.1.4.1b: fail-b FAIL + manual-b MANUAL;
     * 8.1.4.1c: pass-c PASS + manual-c MANUAL + fail-c FAIL.
     */
    @BeforeEach
    void rules() throws IOException {
        rules = dir.resolve("rules");
        Files.createDirectories(rules);
        String pass = "pass: \"size(facts.accounts.accounts) > 0\"\nmessages: { pass: 好, fail: 差 }\n";
        String fail = "pass: \"size(facts.accounts.accounts) == 0\"\nmessages: { pass: 好, fail: 差 }\nrisk: { fail: MEDIUM }\n";
        String manual = "manual: 请人工核查\n";
        rule("pass-a", "8.1.4.1a", "automated", pass);
        rule("manual-a", "8.1.4.1a", "manual", manual);
        rule("fail-b", "8.1.4.1b", "automated", fail);
        rule("manual-b", "8.1.4.1b", "manual", manual);
        rule("pass-c", "8.1.4.1c", "automated", pass);
        rule("manual-c", "8.1.4.1c", "manual", manual);
        rule("fail-c", "8.1.4.1c", "automated", fail);
    }

    private static Facts facts() {
        return FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED).build();
    }

    private static Evaluation evaluate(Path ruleDir) {
        return new RuleEngine(RuleCatalog.ofDirectory(ruleDir), Profile.empty()).evaluate(facts(), Map.of());
    }

    private static Status engineClause(Evaluation ev, String clause) {
        return ev.getClausesList().stream().filter(c -> c.getClause().equals(clause)).map(ClauseResult::getStatus)
                .findFirst().orElseThrow();
    }

    private static ItemResult item(HostScore s, String clause) {
        return s.items().stream().filter(i -> i.clause().equals(clause)).findFirst().orElseThrow();
    }

    @Test
    void everyItemHasTheEnginesStatus() {
        Evaluation ev = evaluate(rules);
        assertEquals(Status.MANUAL, engineClause(ev, "8.1.4.1a"));
        HostScore s = Scorer.builtIn().score(new HostInput("h", "g", ev, Map.of()));
        for (String clause : List.of("8.1.4.1a", "8.1.4.1b", "8.1.4.1c")) {
            assertEquals(engineClause(ev, clause), item(s, clause).status(), clause);
        }
        assertTrue(s.unassessed().contains("8.1.4.1a"), s.unassessed().toString());
    }

    /**
     * not_applicable on fail-c leaves [PASS, MANUAL]: the item is 需人工核查 and unscored, exactly what the engine
     * says of the clause without that rule (the old re-roll made it 部分符合, value 0.5).
     */
    @Test
    void notApplicableDecisionReRollsLikeTheEngine() throws IOException {
        Evaluation ev = evaluate(rules);
        HostScore s = Scorer.builtIn().score(new HostInput("h", "g", ev, Map.of("fail-c", HostInput.NOT_APPLICABLE)));
        Path without = dir.resolve("without-fail-c");
        Files.createDirectories(without);
        try (var files = Files.list(rules)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().equals("fail-c.yaml")).toList()) {
                Files.copy(p, without.resolve(p.getFileName()));
            }
        }
        Evaluation withoutRule = evaluate(without);
        assertEquals(Status.MANUAL, engineClause(withoutRule, "8.1.4.1c"));
        assertEquals(engineClause(withoutRule, "8.1.4.1c"), item(s, "8.1.4.1c").status());
        assertTrue(Double.isNaN(item(s, "8.1.4.1c").value()), "需人工核查 is not scored");
        assertTrue(s.unassessed().contains("8.1.4.1c"), s.unassessed().toString());
    }

    /**
     * Fixing fail-b leaves [PASS, MANUAL] → 需人工核查, which is not scored: no gain is claimed (the old re-roll
     * counted it 部分符合 and promised 重要 ×2 × 0.5 = 1 point).
     */
    @Test
    void fixFirstGainUsesTheEnginesRollup() {
        Evaluation ev = evaluate(rules);
        assertEquals(Status.FAIL, engineClause(ev, "8.1.4.1b"));
        HostScore s = Scorer.builtIn().score(new HostInput("h", "g", ev, Map.of()));
        FixItem fixB = s.fixFirst().stream().filter(f -> f.ruleId().equals("fail-b")).findFirst().orElseThrow();
        assertEquals(0.0, fixB.scoreGain(), EPS);
        assertEquals(0.0, fixB.rateGainPoints(), EPS);
    }

    /** The same through {@code report score --format json} on a store, with the decision recorded by the store. */
    @Test
    void reportScoreShowsTheEnginesItemStatus() throws Exception {
        Path data = dir.resolve("data");
        try (Store store = Store.embedded(data)) {
            store.hosts().upsert(Host.of("h1", "web-1", "prod", Host.SOURCE_AGENT));
            Facts f = facts();
            store.scans().recordScan("h1", f.getReportId(), f, evaluate(rules), "agent");
            store.findings().decide("h1", "fail-c", Decision.NOT_APPLICABLE, "测试", "test");
        }
        JsonNode host = new ObjectMapper().readTree(captureOut(() -> CollectorMain.execute("report", "score",
                "--format", "json", "--data-dir", data.toString()))).get("hosts").get(0);
        for (JsonNode item : host.get("score").get("items")) {
            String clause = item.get("clause").asText();
            if (clause.equals("8.1.4.1a") || clause.equals("8.1.4.1c")) {
                assertEquals("MANUAL", item.get("status").asText(), clause);
                assertTrue(item.get("value").isNull(), clause + " is not scored: " + item);
            }
        }
        for (JsonNode fix : captureFixFirst(data)) {
            if (fix.get("ruleId").asText().equals("fail-b")) {
                assertEquals(0.0, fix.get("scoreGain").asDouble(), EPS);
            }
        }
    }

    private JsonNode captureFixFirst(Path data) throws Exception {
        return new ObjectMapper().readTree(captureOut(() -> CollectorMain.execute("report", "score", "--format",
                "json", "--data-dir", data.toString()))).get("fixFirst");
    }

    private static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
