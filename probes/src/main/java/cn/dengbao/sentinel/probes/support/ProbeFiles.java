package cn.dengbao.sentinel.probes.support;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.HostAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probes' file reads. They turn access failures into collection errors so a probe never throws, and they
 * tell "absent" (a fact, no error) from "could not look" (a collection error).
 */
public final class ProbeFiles {
    /** Configuration files are small; this keeps a hostile image from making the agent heavy. */
    public static final int MAX_CONFIG_BYTES = 1024 * 1024;
    /** Package databases are the big files a probe reads whole. */
    public static final int MAX_DATABASE_BYTES = 64 * 1024 * 1024;

    private ProbeFiles() {
    }

    /** The file's text, or empty when it does not exist; any other failure is recorded under {@code fact}. */
    public static Optional<String> readIfPresent(ProbeContext ctx, String fact, String path) {
        return readIfPresent(ctx, fact, path, MAX_CONFIG_BYTES);
    }

    public static Optional<String> readIfPresent(ProbeContext ctx, String fact, String path, int maxBytes) {
        try {
            return Optional.of(text(ctx.access(), path, maxBytes));
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error(fact, e);
            }
            return Optional.empty();
        }
    }

    /** The file's text; every failure, including absence, is recorded under {@code fact}. */
    public static Optional<String> readRequired(ProbeContext ctx, String fact, String path) {
        try {
            return Optional.of(text(ctx.access(), path));
        } catch (AccessException e) {
            ctx.error(fact, e);
            return Optional.empty();
        }
    }

    /** Reads without recording anything: for files whose absence or unreadability is not a fact (sysfs, /proc). */
    public static Optional<String> readQuietly(HostAccess access, String path) {
        return readQuietly(access, path, MAX_CONFIG_BYTES);
    }

    public static Optional<String> readQuietly(HostAccess access, String path, int maxBytes) {
        try {
            return Optional.of(text(access, path, maxBytes));
        } catch (AccessException e) {
            return Optional.empty();
        }
    }

    public static String text(HostAccess access, String path) throws AccessException {
        return text(access, path, MAX_CONFIG_BYTES);
    }

    private static String text(HostAccess access, String path, int maxBytes) throws AccessException {
        return new String(access.read(path, maxBytes), StandardCharsets.UTF_8);
    }

    /** Entries of a directory, or an empty list when it does not exist; other failures are recorded. */
    public static List<String> listIfPresent(ProbeContext ctx, String fact, String dir) {
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

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /**
     * Expands a {@link Glob} whose components may contain wildcards (e.g. "/etc/systemd/system/*.wants/*").
     * Results are sorted per directory; entries match as in the shell ({@link Glob#matchesEntry}). Unreadable
     * directories are recorded under {@code fact}.
     */
    public static List<String> glob(ProbeContext ctx, String fact, String pattern) {
        List<String> current = List.of("/");
        for (String part : Glob.components(pattern)) {
            List<String> next = new ArrayList<>();
            if (!Glob.hasWildcard(part)) {
                for (String base : current) {
                    next.add(join(base, part));
                }
            } else {
                for (String base : current) {
                    for (String name : listIfPresent(ctx, fact, base)) {
                        if (Glob.matchesEntry(part, name)) {
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
}
