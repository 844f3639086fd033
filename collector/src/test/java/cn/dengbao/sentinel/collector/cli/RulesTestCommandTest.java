package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules test [DIR]} as a security team runs it on its own rules directory: 0 pass, 1 fail, 2 bad input. */
class RulesTestCommandTest {

    @TempDir
    Path dir;

    private static final String TESTS = """
            rule: team-max-auth-tries
            cases:
              - name: 基准主机 MaxAuthTries 4
                base: debian12
                expect: {status: PASS, risk: NONE, evidence: "MaxAuthTries = 4"}
              - name: 放宽到 10
                base: openeuler2203
                change:
                  set:
                    sshd.options.maxauthtries.value: "10"
                expect: {status: FAIL, risk: LOW, evidence: "MaxAuthTries"}
            """;

    private static ConsoleRun run(String... args) {
        return ConsoleRun.of(() -> CollectorMain.execute(args));
    }

    private void customRule() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/rules/8.1.4.1/sshd-max-auth-tries.yaml")) {
            Files.writeString(dir.resolve("team-max-auth-tries.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("id: sshd-max-auth-tries", "id: team-max-auth-tries"));
        }
    }

    @Test
    void theBuiltInRulesPassTheirTestsWithPerRuleCounts() {
        ConsoleRun r = run("rules", "test");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("规则测试（rule tests）：内置规则"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("通过\\s+sshd-client-alive\\s+\\d+\\s+PASS FAIL NOT_APPLICABLE ERROR")), r.out());
        assertTrue(r.out().contains("全部通过。"), r.out());
    }

    @Test
    void aCustomDirectoryPassesFailsOrIsRefused() throws IOException {
        customRule();
        Path tests = dir.resolve("team-max-auth-tries.tests.yaml");
        Files.writeString(tests, TESTS);
        ConsoleRun ok = run("rules", "test", dir.toString());
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().lines().anyMatch(l -> l.matches("通过\\s+team-max-auth-tries\\s+2\\s+PASS FAIL")), ok.out());
        assertTrue(ok.out().contains("合计：1 条规则，2 个用例；全部通过。"), ok.out());

        Files.writeString(tests, TESTS.replace("status: FAIL, risk: LOW", "status: PASS, risk: NONE"));
        ConsoleRun failed = run("rules", "test", dir.toString());
        assertEquals(1, failed.exit(), failed.out());
        assertTrue(failed.out().contains("失败：team-max-auth-tries（" + tests + "）"), failed.out());
        assertTrue(failed.out().contains("缺少 FAIL 用例（或在 no_case 中写明原因）"), failed.out());
        assertTrue(failed.out().contains("用例「放宽到 10」：判定应为 PASS，实际 FAIL"), failed.out());
        assertTrue(failed.out().contains("1 条规则未通过（1 个用例失败）"), failed.out());

        Files.writeString(tests, TESTS.replace("status: FAIL", "status: FAILED"));
        ConsoleRun bad = run("rules", "test", dir.toString());
        assertEquals(2, bad.exit(), bad.out());
        assertEquals("错误：" + tests + ": 用例「放宽到 10」: expect: 未知判定 FAILED（可用：PASS、FAIL、PARTIAL、NOT_APPLICABLE、MANUAL、ERROR）",
                bad.err().strip());

        Files.delete(tests);
        ConsoleRun missing = run("rules", "test", dir.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("缺少测试文件 team-max-auth-tries.tests.yaml"), missing.out());

        assertEquals(2, run("rules", "test", dir.resolve("nope").toString()).exit());
    }

    /** The worked example of docs/rules-format.md is real: its rule and tests pass as written. */
    @Test
    void theDocumentedExamplePasses() {
        ConsoleRun r = run("rules", "test", Path.of("..", "docs", "examples", "custom-rules").toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("通过\\s+team-sshd-x11-forwarding\\s+4\\s+PASS FAIL NOT_APPLICABLE")), r.out());
    }
}
