package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.proto.ErrorKind;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs one command line (built by {@link RemoteCommands}) on an exec channel without a PTY, so sudo can never
 * prompt, and with stdin closed. Gives up at the command timeout or the host deadline, whichever is first; polls the
 * streams rather than blocking on them so a silent command can never hold the thread beyond its limit.
 */
final class RemoteExec {
    private static final int MAX_STDERR = 64 * 1024;

    /** What a command gave; {@code truncated}: stdout went over the limit, and nothing of it is kept. */
    record Result(int exitCode, byte[] stdout, String stderr, boolean truncated) {

        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** The first stderr line that says something (a host without its own name in /etc/hosts makes sudo chatty). */
        String firstErrorLine() {
            for (String line : stderr.split("\\R")) {
                if (!line.isBlank() && !line.contains("unable to resolve host")) {
                    return line.strip();
                }
            }
            return "";
        }
    }

    private final Session session;
    private final SshOptions options;
    private final HostDeadline deadline;

    RemoteExec(Session session, SshOptions options, HostDeadline deadline) {
        this.session = session;
        this.options = options;
        this.deadline = deadline;
    }

    Result run(String commandLine, int maxStdout, String what) throws AccessException {
        deadline.check(what);
        long until = Math.min(deadline.nanos(), System.nanoTime() + options.commandTimeout().toNanos());
        ChannelExec ch = null;
        try {
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(commandLine);
            ch.setPty(false);
            ch.setInputStream(null);
            InputStream out = ch.getInputStream();
            InputStream err = ch.getErrStream();
            ch.connect(HostDeadline.millis(options.commandTimeout()));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            long sleepMillis = 1;
            while (true) {
                boolean progressed = false;
                int n;
                while (out.available() > 0 && (n = out.read(buf)) > 0) {
                    progressed = true;
                    if (stdout.size() + n > maxStdout) {
                        return new Result(-1, new byte[0], "", true);
                    }
                    stdout.write(buf, 0, n);
                }
                while (err.available() > 0 && (n = err.read(buf)) > 0) {
                    progressed = true;
                    if (stderr.size() < MAX_STDERR) {
                        stderr.write(buf, 0, Math.min(n, MAX_STDERR - stderr.size()));
                    }
                }
                if (ch.isClosed() && out.available() <= 0 && err.available() <= 0) {
                    break;
                }
                if (deadline.aborted() || !session.isConnected()) {
                    throw deadline.timeout(what);
                }
                if (System.nanoTime() > until) {
                    throw new AccessException(ErrorKind.TIMEOUT, what, "命令超时 (" + what + "), 已中止");
                }
                if (progressed) {
                    sleepMillis = 1;
                } else {
                    Thread.sleep(sleepMillis);
                    sleepMillis = Math.min(20, sleepMillis * 2);
                }
            }
            return new Result(ch.getExitStatus(), stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8), false);
        } catch (JSchException | IOException e) {
            if (deadline.aborted()) {
                throw deadline.timeout(what);
            }
            throw new AccessException(ErrorKind.IO_ERROR, what, "执行失败 (" + what + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessException(ErrorKind.TIMEOUT, what, "扫描被中断: " + what);
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
        }
    }
}
