package cn.dengbao.sentinel.probes.system;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading helpers shared by the system probes. They turn access failures into collection errors so a
 * probe never throws: an absent optional file is simply "not there", anything else is recorded.
 */
public final class SysFiles {
    /** Config files are small; a bigger one is suspicious and not worth the agent's memory. */
    public static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private SysFiles() {
    }

    /** One numbered line of a file (1-based). */
    public record Line(int number, String text) {
    }

    /** Reads an optional file: absent gives empty silently, other failures are recorded under {@code fact}. */
    public static Optional<String> read(ProbeContext ctx, String fact, String path) {
        return read(ctx, fact, path, MAX_CONFIG_BYTES);
    }

    public static Optional<String> read(ProbeContext ctx, String fact, String path, int maxBytes) {
        try {
            return Optional.of(new String(ctx.access().read(path, maxBytes), java.nio.charset.StandardCharsets.UTF_8));
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error(fact, e);
            }
            return Optional.empty();
        }
    }

    /** Reads without recording anything: for files whose absence or unreadability is not a fact (sysfs probes). */
    public static Optional<String> readQuietly(HostAccess access, String path) {
        try {
            return Optional.of(new String(access.read(path, MAX_CONFIG_BYTES), java.nio.charset.StandardCharsets.UTF_8));
        } catch (AccessException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #readQuietly} with room for package databases. */
    public static Optional<String> readQuietlyLarge(HostAccess access, String path) {
        try {
            return Optional.of(new String(access.read(path, 64 * 1024 * 1024), java.nio.charset.StandardCharsets.UTF_8));
        } catch (AccessException e) {
            return Optional.empty();
        }
    }

    /** Entries of an optional directory; absent gives an empty list, other failures are recorded. */
    public static List<String> list(ProbeContext ctx, String fact, String dir) {
        try {
            return ctx.access().list(dir);
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error(fact, e);
            }
            return List.of();
        }
    }

    public static Optional<FileStat> stat(HostAccess access, String path, boolean followLinks) {
        try {
            return Optional.of(access.stat(path, followLinks));
        } catch (AccessException e) {
            return Optional.empty();
        }
    }

    public static boolean isDirectory(HostAccess access, String path) {
        return stat(access, path, true).map(FileStat::directory).orElse(false);
    }

    public static boolean anyExists(HostAccess access, String... paths) {
        for (String p : paths) {
            if (access.exists(p)) {
                return true;
            }
        }
        return false;
    }

    public static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        String[] parts = text.split("\r?\n", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i == parts.length - 1 && parts[i].isEmpty()) {
                break;
            }
            out.add(new Line(i + 1, parts[i]));
        }
        return out;
    }

    /** Removes a '#' comment (only at the start of a token, so "a#b" survives) and surrounding blanks. */
    public static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    public static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /**
     * Expands a glob whose components may contain '*', '?' and '[...]' (e.g. "/etc/systemd/system/*.wants/*").
     * Results are sorted per directory; unreadable directories are recorded under {@code fact}.
     */
    public static List<String> glob(ProbeContext ctx, String fact, String pattern) {
        String[] parts = pattern.split("/");
        List<String> current = List.of("/");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<String> next = new ArrayList<>();
            if (!hasWildcard(part)) {
                for (String base : current) {
                    next.add(join(base, part));
                }
            } else {
                Pattern re = globToRegex(part);
                for (String base : current) {
                    for (String name : list(ctx, fact, base)) {
                        if (re.matcher(name).matches() && (!name.startsWith(".") || part.startsWith("."))) {
                            next.add(join(base, name));
                        }
                    }
                }
            }
            current = next;
        }
        List<String> out = new ArrayList<>();
        for (String p : current) {
            if (ctx.access().exists(p) || stat(ctx.access(), p, false).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    public static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, end).replace("\\", "\\\\");
                        if (cls.startsWith("!")) {
                            cls = "^" + cls.substring(1);
                        }
                        re.append('[').append(cls).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Records a failed read of a file a probe needs everywhere; NOT_FOUND included. */
    public static void recordMissing(ProbeContext ctx, String fact, String path) {
        ctx.error(fact, path, ErrorKind.NOT_FOUND, "missing: " + path);
    }
}
