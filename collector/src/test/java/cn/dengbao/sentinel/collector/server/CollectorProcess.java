package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.cli.CollectorMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve} in a JVM of its own (this module's classpath), so a test can kill it with a real SIGKILL: no
 * shutdown hook runs and the kernel resets its sockets.
 */
final class CollectorProcess {
    private CollectorProcess() {
    }

    static Process start(Path yaml, Path log, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorMain.class.getName(),
                "serve", "--config", yaml.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits for {@code serve}'s "CA fingerprint:" line and returns the fingerprint. */
    static String awaitFingerprint(Path log, Process p) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("collector exited: " + Files.readString(log));
            }
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("CA fingerprint: ")) {
                        return line.substring("CA fingerprint: ".length()).strip();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("collector did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
