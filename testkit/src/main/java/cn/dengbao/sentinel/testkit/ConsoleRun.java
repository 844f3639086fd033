package cn.dengbao.sentinel.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * One run of a command-line main as a user sees it: its exit code and what it printed on standard output and
 * standard error (UTF-8). The mains build their writers on {@code System.out}/{@code System.err} per run, so
 * replacing the streams for the call captures everything.
 */
public record ConsoleRun(int exit, String out, String err) {

    /** Runs {@code main} (e.g. {@code () -> CollectorMain.execute(args)}) with both streams captured. */
    public static synchronized ConsoleRun of(IntSupplier main) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            exit = main.getAsInt();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new ConsoleRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
