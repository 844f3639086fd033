package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link FixedCommand}: the binary is looked up in a fixed list of system directories (not the caller's
 * PATH), stdin is closed, the locale is C, stdout and stderr are bounded and the run is killed after a timeout.
 */
public class CommandRunner {
    static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin");
    public static final int DEFAULT_MAX_STDOUT = 8 * 1024 * 1024;
    private static final int MAX_STDERR = 64 * 1024;

    private final Duration timeout;
    private final int maxStdout;

    public CommandRunner() {
        this(Duration.ofSeconds(10), DEFAULT_MAX_STDOUT);
    }

    public CommandRunner(Duration timeout, int maxStdout) {
        this.timeout = timeout;
        this.maxStdout = maxStdout;
    }

    public CommandResult run(FixedCommand command, String root) throws AccessException {
        List<String> argv = new ArrayList<>();
        for (String a : command.argv()) {
            argv.add(a.replace("{root}", root));
        }
        String name = command.name();
        Path binary = locate(argv.get(0));
        if (binary == null) {
            throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "command not installed: " + argv.get(0));
        }
        argv.set(0, binary.toString());
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        env.put("PATH", String.join(":", SYSTEM_DIRS));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(process.getInputStream(), maxStdout);
        Drain err = new Drain(process.getErrorStream(), MAX_STDERR);
        out.start();
        err.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AccessException(ErrorKind.TIMEOUT, name, "command timed out after " + timeout.toSeconds() + " s: " + name);
            }
            out.join(timeout.toMillis());
            err.join(timeout.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AccessException(ErrorKind.TIMEOUT, name, "interrupted while running " + name);
        }
        if (out.overflow) {
            throw new AccessException(ErrorKind.TOO_LARGE, name, "command output is larger than " + maxStdout + " bytes: " + name);
        }
        return new CommandResult(command, process.exitValue(), out.text(), err.text());
    }

    static Path locate(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Reads a stream to its end, keeping at most {@code max} bytes (the rest is drained so the child never blocks). */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        volatile boolean overflow;

        Drain(InputStream in, int max) {
            this.in = in;
            this.max = max;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    int room = max - buf.size();
                    if (n > room) {
                        overflow = true;
                        buf.write(chunk, 0, Math.max(room, 0));
                    } else {
                        buf.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; keep what was read
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
