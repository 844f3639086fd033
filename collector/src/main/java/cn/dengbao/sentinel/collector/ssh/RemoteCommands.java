package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.agent.access.AccessException;
import cn.dengbao.sentinel.agent.access.FixedCommand;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the only command lines sent to a target's shell: a fixed command, or {@code cat} of one validated path.
 * Every argument is single-quoted, so nothing in a path or argv is interpreted by the remote shell.
 */
final class RemoteCommands {

    /** A login shell's PATH often lacks the sbin directories where sshd, auditctl, sestatus live. */
    private static final String ENV = "env LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final int MAX_PATH = 4096;

    private RemoteCommands() {
    }

    static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    static String fixed(FixedCommand command, boolean sudo) {
        List<String> argv = command.argv().stream().map(a -> a.replace("{root}", "/")).toList();
        return ENV + (sudo ? " sudo -n " : " ") + argv.stream().map(RemoteCommands::quote).collect(Collectors.joining(" "));
    }

    static String sudoCat(String path) throws AccessException {
        return ENV + " sudo -n cat -- " + quote(validatePath(path));
    }

    /** Absolute, bounded, and free of NUL and line breaks (which no probe path has, and which a shell could misread). */
    static String validatePath(String path) throws AccessException {
        if (path == null || !path.startsWith("/") || path.length() > MAX_PATH
                || path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new AccessException(ErrorKind.IO_ERROR, path == null ? "" : path.replaceAll("\\p{Cntrl}", "?"),
                    "路径无效 (must be absolute, without NUL or line breaks)");
        }
        return path;
    }

    /** How sudo says no when it will not run without a password or for this command. */
    static String sudoRefusal(String stderr) {
        for (String line : stderr.split("\\R")) {
            String l = line.strip();
            if (!l.startsWith("sudo:")) {
                continue;
            }
            String lower = l.toLowerCase();
            if (lower.contains("password is required") || lower.contains("terminal is required")
                    || lower.contains("not allowed to") || lower.contains("not in the sudoers")
                    || lower.contains("may not run sudo") || lower.contains("must have a tty")
                    || lower.contains("no askpass") || lower.contains("not permitted")) {
                return l;
            }
        }
        return null;
    }
}
