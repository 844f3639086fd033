package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules test [DIR]} as a security team runs it on its own rules directory: 0 pass, 1 fail, 2 bad input. */
class RulesTestCommandTest {

    @TempDir
    Path dir;

    /** The worked example of docs/rules-format.md: a team's rule and its tests. */
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "custom-rules");
    static final String RULE = "8.1.4.4/team-sshd-x11-forwarding";

    private static ConsoleRun run(String... args) {
        return ConsoleRun.of(() -> CollectorMain.execute(args));
    }

    /** The example rule in a directory of its own; returns its tests file (written with {@code tests}). */
    private Path customRule(String tests) throws IOException {
        Files.copy(EXAMPLE.resolve(RULE + ".yaml"), dir.resolve("team-sshd-x11-forwarding.yaml"));
        Path file = dir.resolve("team-sshd-x11-forwarding.tests.yaml");
        Files.writeString(file, tests);
        return file;
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
        String good = Files.readString(EXAMPLE.resolve(RULE + ".tests.yaml"), StandardCharsets.UTF_8);
        Path tests = customRule(good);
        ConsoleRun ok = run("rules", "test", dir.toString());
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().contains("合计：1 条规则，4 个用例；全部通过。"), ok.out());

        Files.writeString(tests, good.replace("status: FAIL, risk: LOW", "status: PASS, risk: NONE"));
        ConsoleRun failed = run("rules", "test", dir.toString());
        assertEquals(1, failed.exit(), failed.out());
        assertTrue(failed.out().lines().anyMatch(l -> l.matches("失败\\s+team-sshd-x11-forwarding\\s+4\\s+PASS NOT_APPLICABLE")), failed.out());
        assertTrue(failed.out().contains("失败：team-sshd-x11-forwarding（" + tests + "）"), failed.out());
        assertTrue(failed.out().contains("缺少 FAIL 用例（或在 no_case 中写明原因）"), failed.out());
        assertTrue(failed.out().contains("用例「Ubuntu 全局打开 X11Forwarding」：判定应为 PASS，实际 FAIL；风险应为 NONE，实际 LOW"), failed.out());
        assertTrue(failed.out().contains("1 条规则未通过（2 个用例失败）"), failed.out());

        Files.writeString(tests, good.replace("status: FAIL", "status: FAILED"));
        ConsoleRun bad = run("rules", "test", dir.toString());
        assertEquals(2, bad.exit(), bad.out());
        assertEquals("错误：" + tests + ": 用例「Ubuntu 全局打开 X11Forwarding」: expect: 未知判定 FAILED"
                + "（可用：PASS、FAIL、PARTIAL、NOT_APPLICABLE、MANUAL、ERROR）", bad.err().strip());

        Files.delete(tests);
        ConsoleRun missing = run("rules", "test", dir.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("缺少测试文件 team-sshd-x11-forwarding.tests.yaml"), missing.out());

        assertEquals(2, run("rules", "test", dir.resolve("nope").toString()).exit());
    }

    /** The worked example of docs/rules-format.md is real: its rule and tests pass as written. */
    @Test
    void theDocumentedExamplePasses() {
        ConsoleRun r = run("rules", "test", EXAMPLE.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("通过\\s+team-sshd-x11-forwarding\\s+4\\s+PASS FAIL NOT_APPLICABLE")), r.out());
    }
}
