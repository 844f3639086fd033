package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.FixedCommand;
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

    /** One {@code cat} of several validated files, written back to back (see {@link SudoBatch} for the framing). */
    static String sudoCatAll(List<String> paths) throws AccessException {
        StringBuilder b = new StringBuilder(ENV).append(" sudo -n cat --");
        for (String p : paths) {
            b.append(' ').append(quote(validatePath(p)));
        }
        return b.toString();
    }

    /** The trailing slash makes ls refuse a non-directory instead of printing the file's own name. */
    static String sudoList(String dir) throws AccessException {
        String d = validatePath(dir);
        return ENV + " sudo -n ls -1A --quoting-style=c -- " + quote(d.endsWith("/") ? d : d + "/");
    }

    /**
     * Decodes one name as GNU ls prints it with {@code --quoting-style=c}: in double quotes, with C escapes
     * (\\ \" \n \t … and \ooo octal bytes), so any byte in a name survives the line-based output.
     */
    static String unquoteC(String quoted) {
        String q = quoted;
        if (q.length() >= 2 && q.startsWith("\"") && q.endsWith("\"")) {
            q = q.substring(1, q.length() - 1);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(q.length());
        byte[] in = q.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '\\' || i + 1 >= in.length) {
                out.write(b);
                continue;
            }
            byte c = in[++i];
            switch (c) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case 'e' -> out.write(27);
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        int n = 1;
                        while (n < 3 && i + 1 < in.length && in[i + 1] >= '0' && in[i + 1] <= '7') {
                            v = v * 8 + (in[++i] - '0');
                            n++;
                        }
                        out.write(v);
                    } else {
                        out.write(c); // \\ \" \' \? and anything else: the character itself (e.g. backslash, quote)
                    }
                }
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Absolute, bounded, and free of NUL and line breaks (which no probe path has, and which a shell could misread). */
    static String validatePath(String path) throws AccessException {
        if (path == null || !path.startsWith("/") || path.length() > MAX_PATH
                || path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new AccessException(ErrorKind.IO_ERROR, PlainText.oneLine(path),
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
