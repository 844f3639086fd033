package cn.dengbao.sentinel.checks.ruletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests.yaml format as a security team meets it: a custom rule with its tests, and every way to get it wrong. */
class RuleTestFormatTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            rule: team-max-auth-tries
            cases:
              - name: 基准主机 MaxAuthTries 4
                base: debian12
                expect: {status: PASS, risk: NONE, evidence: "MaxAuthTries = 4"}
              - name: 放宽到 10
                base: kylinv10
                change:
                  set:
                    sshd.options.maxauthtries.value: "10"
                expect: {status: FAIL, risk: LOW, evidence: "MaxAuthTries"}
              - name: 未安装 sshd
                base: centos7
                change:
                  remove: [sshd]
                  set: {sshd.installed: false}
                expect: {status: NOT_APPLICABLE, risk: NONE, evidence: "未安装 sshd"}
            """;

    private void customRule() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/rules/8.1.4.1/sshd-max-auth-tries.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("id: sshd-max-auth-tries", "id: team-max-auth-tries");
            Files.writeString(dir.resolve("team-max-auth-tries.yaml"), yaml);
        }
    }

    private List<RuleTestRunner.RuleResult> run() {
        RuleEngine engine = new RuleEngine(RuleCatalog.load(dir), Profile.builtIn());
        return new RuleTestRunner(engine).runAll(RuleTestFiles.rulesOf(dir), RuleTestFiles.ofDirectory(dir));
    }

    private RuleTestRunner.RuleResult only(List<RuleTestRunner.RuleResult> results) {
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    @Test
    void aCustomRuleWithItsTestsPassesAndTheTestsFileIsNotReadAsARule() throws IOException {
        customRule();
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD);
        RuleTestRunner.RuleResult r = only(run());
        assertTrue(r.ok(), r.toString());
        assertEquals(3, r.cases().size());
        assertEquals(1, RuleCatalog.ofDirectory(dir).size(), "the tests file beside the rule is not a rule");
    }

    @Test
    void aRuleWithoutTestsOrWithoutAFailCaseFails() throws IOException {
        customRule();
        assertEquals(List.of("缺少测试文件 team-max-auth-tries.tests.yaml（自动判定规则须有 PASS 与 FAIL 用例）"),
                only(run()).problems());
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.substring(0, GOOD.indexOf("  - name: 放宽")));
        assertEquals(List.of("缺少 FAIL 用例（或在 no_case 中写明原因）"), only(run()).problems());
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.substring(0, GOOD.indexOf("  - name: 放宽"))
                .replace("cases:", "no_case:\n  FAIL: 示例：本规则只判符合或不适用\ncases:"));
        assertTrue(only(run()).ok(), "a written reason stands in for the case");
    }

    @Test
    void aWrongExpectationNamesTheCaseAndWhatDiffered() throws IOException {
        customRule();
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.replace("status: FAIL, risk: LOW", "status: PASS, risk: LOW"));
        RuleTestRunner.CaseResult bad = only(run()).cases().get(1);
        assertEquals("放宽到 10", bad.name());
        assertTrue(bad.failure().contains("判定应为 PASS，实际 FAIL"), bad.failure());
    }

    @Test
    void aMistypedFactPathIsAnErrorNotASilentPass() throws IOException {
        customRule();
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.replace("sshd.options.maxauthtries.value", "sshd.optons.maxauthtries.value"));
        String failure = only(run()).cases().get(1).failure();
        assertTrue(failure.contains("没有字段 optons"), failure);
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.replace("remove: [sshd]",
                "remove: [\"accounts.accounts[name=nobody-here]\"]"));
        failure = only(run()).cases().get(2).failure();
        assertTrue(failure.contains("没有 name 为 nobody-here 的元素"), failure);
    }

    @Test
    void aCustomBaseHostFileBesideTheTestsIsUsed() throws IOException {
        customRule();
        try (InputStream in = getClass().getResourceAsStream("/rules/test-hosts/debian12.json")) {
            Files.write(dir.resolve("web01.json"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.replace("base: kylinv10", "base: web01.json"));
        assertTrue(only(run()).ok());
        Files.writeString(dir.resolve("team-max-auth-tries.tests.yaml"), GOOD.replace("base: kylinv10", "base: kylin10"));
        assertTrue(only(run()).cases().get(1).failure().contains("未知的基准主机 kylin10"));
    }

    @Test
    void hostileOrMistypedFilesAreRefusedInOneLineNamingFileAndCase() {
        String[][] bad = {
                {GOOD.replace("    base: kylinv10\n", "    base: kylinv10\n    bsae: x\n"), "用例「放宽到 10」: 未知的键 bsae"},
                {GOOD.replace("status: FAIL", "status: FAILED"), "用例「放宽到 10」: expect: 未知判定 FAILED"},
                {GOOD.replace("risk: LOW", "risk: SEVERE"), "用例「放宽到 10」: expect: 未知风险等级 SEVERE"},
                {GOOD.replace(", evidence: \"MaxAuthTries\"}", "}"), "用例「放宽到 10」: expect: 缺少 evidence"},
                {GOOD.replace("放宽到 10", "基准主机 MaxAuthTries 4"), "用例「基准主机 MaxAuthTries 4」: 用例名重复"},
                {GOOD.replace("sshd.options.maxauthtries.value", "sshd..value"), "用例「放宽到 10」: change: 路径中有空的段"},
                {GOOD.replace("rule: team-max-auth-tries\n", ""), "缺少 rule"},
                {"rule: x\ncases: []\n", "cases 应为非空列表"},
                {"- just\n- a list\n", "顶层应为映射"},
                {"rule: [unclosed\n", "YAML 无法解析"},
                {"rule: x\nrule: y\ncases: [{}]\n", "YAML 无法解析"},
                {"rule: x\ncases:\n  - " + "[".repeat(5000) + "\n", "YAML 无法解析"},
                {"rule: x\nno_case: {FAIL: \"\"}\ncases: [{name: a}]\n", "no_case: FAIL 须写明原因"},
        };
        for (String[] b : bad) {
            RuleTestException e = assertThrows(RuleTestException.class,
                    () -> RuleTestParser.parse("team/x.tests.yaml", dir, b[0].getBytes(StandardCharsets.UTF_8)), b[1]);
            assertTrue(e.getMessage().startsWith("team/x.tests.yaml: "), e.getMessage());
            assertTrue(e.getMessage().contains(b[1]), () -> "expected '" + b[1] + "' in: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void theBuiltInBaseHostsCoverTheEightFamilies() {
        assertEquals(List.of("debian12", "ubuntu2204", "centos7", "rocky9", "openeuler2203", "kylinv10", "anolis8", "uos20"),
                BaseHosts.names());
    }
}
