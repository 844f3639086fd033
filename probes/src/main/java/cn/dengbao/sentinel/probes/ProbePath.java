package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.support.Glob;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One host path a probe touches, as the probe declares it ({@link Probe#paths()}): a file whose content it reads, a
 * directory it lists, or a path whose metadata only it looks at. The path may be a {@link Glob} ("/etc/pam.d/*",
 * "/etc/systemd/system/*.wants"); expanding one lists the directories its wildcards are in, which the declaration
 * covers too.
 *
 * <p>{@code privileged} marks a file only root may read on common distributions (shadow, sudoers, auditd.conf; sshd's
 * configuration on RHEL-likes): an unprivileged SSH scan fetches those with sudo, all at once. It is knowledge about
 * the path, kept here with the path so no second list of paths exists.
 *
 * @param pattern    an absolute host path or glob
 * @param privileged only root may read it on common distributions (see {@link #rootOnly()})
 */
public record ProbePath(String pattern, Use use, boolean privileged) {

    /** What the probe does with the path. */
    public enum Use {
        /** reads the file's content (and may stat it) */
        READ,
        /** lists the directory (and may stat it) */
        LIST,
        /** looks at its metadata only: exists, type, mode, owner, time */
        STAT
    }

    public ProbePath {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a host path is absolute: " + pattern);
        }
        if (privileged && use != Use.READ) {
            throw new IllegalArgumentException("only a read needs root: " + pattern);
        }
    }

    public static ProbePath read(String pattern) {
        return new ProbePath(pattern, Use.READ, false);
    }

    public static ProbePath list(String pattern) {
        return new ProbePath(pattern, Use.LIST, false);
    }

    public static ProbePath stat(String pattern) {
        return new ProbePath(pattern, Use.STAT, false);
    }

    /** The same read, of a file only root may read on common distributions. */
    public ProbePath rootOnly() {
        return new ProbePath(pattern, use, true);
    }

    public boolean isGlob() {
        return Glob.hasWildcard(pattern);
    }

    /** The directory part ("/etc/sudoers.d" of "/etc/sudoers.d/*"). */
    public String parent() {
        int slash = pattern.lastIndexOf('/');
        return slash <= 0 ? "/" : pattern.substring(0, slash);
    }

    /** The last component ("*" of "/etc/sudoers.d/*"). */
    public String name() {
        return pattern.substring(pattern.lastIndexOf('/') + 1);
    }

    /** Whether this declaration allows {@code use} of {@code path} (a concrete host path). */
    public boolean covers(Use use, String path) {
        if (Glob.matchesPath(pattern, path)) {
            return use == this.use || use == Use.STAT;
        }
        return use != Use.READ && expandedIn(path);
    }

    /** {@code path} is a directory that expanding this glob lists: it matches the components before a wildcard one. */
    private boolean expandedIn(String path) {
        List<String> glob = Glob.components(pattern);
        List<String> dir = Glob.components(path);
        if (dir.size() >= glob.size() || !Glob.hasWildcard(glob.get(dir.size()))) {
            return false;
        }
        return Glob.matchesPath("/" + String.join("/", glob.subList(0, dir.size())), path);
    }

    /** The declarations of several parts (a probe and the shared readers it uses), each once, in order. */
    @SafeVarargs
    public static List<ProbePath> concat(List<ProbePath>... parts) {
        LinkedHashSet<ProbePath> all = new LinkedHashSet<>();
        for (List<ProbePath> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
