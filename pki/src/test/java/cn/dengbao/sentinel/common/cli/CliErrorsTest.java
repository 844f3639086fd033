package cn.dengbao.sentinel.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The shared error convention on a small command tree: one line, zh-CN, exit 2, traces only on request. */
class CliErrorsTest {

    /** A program-specific input error, registered like the collector's StoreException. */
    static final class StoreTrouble extends RuntimeException {
        StoreTrouble(String m) {
            super(m);
        }
    }

    @Command(name = "tool", mixinStandardHelpOptions = true, subcommands = {Fail.class, Group.class})
    static final class Tool extends CommandGroup {
    }

    @Command(name = "group", mixinStandardHelpOptions = true, subcommands = Fail.class)
    static final class Group extends CommandGroup {
    }

    @Command(name = "fail", mixinStandardHelpOptions = true)
    static final class Fail implements Callable<Integer> {
        @Option(names = "--with", required = true)
        String with;

        @Override
        public Integer call() throws Exception {
            switch (with) {
                case "input" -> throw new IllegalArgumentException("--with 有误 (bad --with)");
                case "store" -> throw new StoreTrouble("数据库连不上");
                case "failed" -> throw new CommandFailedException("注册失败 (enrolment failed): refused");
                case "file" -> throw new NoSuchFileException("/no/such/file");
                case "bug" -> throw new IllegalStateException("boom\nsecond line");
                default -> {
                    return 0;
                }
            }
        }
    }

    record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliErrors.install(new CommandLine(new Tool()), env::get, StoreTrouble.class);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void inputErrorsAreOneZhLineOnStderrWithExitTwo() {
        Run r = run("fail", "--with", "input");
        assertEquals(2, r.exit());
        assertEquals("错误：--with 有误 (bad --with)" + System.lineSeparator(), r.err());
        assertEquals("", r.out());

        Run store = run("fail", "--with", "store");
        assertEquals(2, store.exit());
        assertEquals("错误：数据库连不上", store.err().strip());

        Run failed = run("fail", "--with", "failed");
        assertEquals(2, failed.exit());
        assertEquals("错误：注册失败 (enrolment failed): refused", failed.err().strip());
    }

    @Test
    void fileSystemExceptionsNameTheFileInsteadOfATrace() {
        Run r = run("fail", "--with", "file");
        assertEquals(2, r.exit());
        assertEquals("错误：文件或目录不存在 (no such file or directory): /no/such/file", r.err().strip());
    }

    @Test
    void unexpectedExceptionsAreOneLineInternalErrorsAndTheTraceNeedsSentinelDebug() {
        Run r = run("fail", "--with", "bug");
        assertEquals(2, r.exit());
        assertEquals("错误：内部错误 java.lang.IllegalStateException: boom", r.err().strip());
        assertFalse(r.err().contains("\tat "), r.err());

        Run debug = run(Map.of(CliErrors.DEBUG_ENV, "1"), "fail", "--with", "bug");
        assertEquals(2, debug.exit());
        assertTrue(debug.err().startsWith("错误：内部错误 java.lang.IllegalStateException: boom"), debug.err());
        assertTrue(debug.err().contains("\tat " + Fail.class.getName()), debug.err());
    }

    @Test
    void parameterErrorsUseTheSameStyleWithAUsageHint() {
        Run unknown = run("fail", "--with", "x", "--nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("错误：未知选项 (Unknown option: '--nope')"), unknown.err());
        assertTrue(unknown.err().contains("用法见 (usage): tool fail --help"), unknown.err());

        Run typo = run("faill");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().startsWith("错误："), typo.err());
        assertTrue(typo.err().contains("did you mean") && typo.err().contains("fail"), typo.err());

        Run missing = run("fail");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("错误：缺少必需的选项或参数"), missing.err());
        assertTrue(missing.err().contains("Usage: tool fail"), "the usage follows: " + missing.err());
        assertEquals("", missing.out());
    }

    @Test
    void aGroupWithoutSubcommandPrintsItsUsageToStderrAndExitsTwo() {
        for (String[] args : new String[][] {{}, {"group"}}) {
            Run r = run(args);
            assertEquals(2, r.exit());
            assertTrue(r.err().startsWith("错误：缺少子命令"), r.err());
            assertTrue(r.err().contains("Usage: tool"), r.err());
            assertTrue(r.err().contains("Commands:"), r.err());
            assertEquals("", r.out());
        }
        Run help = run("group", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: tool group"), help.out());
        assertEquals("", help.err());
    }

    @Test
    void outputPathsRefuseMissingDirectoriesAndDirectories(@TempDir Path dir) throws Exception {
        OutputPaths.requireWritableTarget("--out", dir.resolve("new.json"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireWritableTarget("--out", dir.resolve("typo").resolve("new.json")));
        assertTrue(missing.getMessage().contains("--out") && missing.getMessage().contains("typo"), missing.getMessage());
        IllegalArgumentException isDir = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireWritableTarget("--out", dir));
        assertTrue(isDir.getMessage().contains("是目录"), isDir.getMessage());
        OutputPaths.requireParentDirectory("--out-dir", dir.resolve("new-dir"));
        assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireParentDirectory("--out-dir", dir.resolve("typo").resolve("new-dir")));
        assertFalse(Files.exists(dir.resolve("typo")));
    }
}
