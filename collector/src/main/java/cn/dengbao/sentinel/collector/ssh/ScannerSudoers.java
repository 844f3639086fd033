package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.Glob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a read-only SSH scanner account needs from sudo, derived from the probes' declarations (the same ones the
 * scan uses, {@link ProbeRegistry#paths()} and {@link ProbeRegistry#commands()}), never listed by hand: the root-only
 * files (read with {@code sudo -n cat}), the directories the probes list (with {@code sudo -n ls}) and the fixed
 * commands (each with its exact arguments). {@link #sudoers(String)} renders them as a sudoers drop-in; the
 * documentation quotes it and a test keeps the two equal.
 */
public final class ScannerSudoers {

    /** Where a command may live; sudo never matches an entry whose file does not exist, so listing all is safe. */
    static final List<String> BIN_DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin");

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    private ScannerSudoers() {
    }

    /** The root-only files the probes read by exact name (the first sudo read of a scan fetches them together). */
    public static List<String> rootOnlyFiles() {
        return SudoBatch.WELL_KNOWN;
    }

    /**
     * Every directory a probe lists: declared listings, and each directory a glob is expanded in (the part before a
     * wildcard component). Directories that are themselves patterns stay patterns (sudoers matches them as globs).
     */
    public static List<String> listedDirectories() {
        Set<String> dirs = new LinkedHashSet<>();
        for (ProbePath p : ProbeRegistry.paths()) {
            if (p.use() == ProbePath.Use.LIST && !p.isGlob()) {
                dirs.add(p.pattern());
            }
            List<String> parts = Glob.components(p.pattern());
            for (int i = 0; i < parts.size(); i++) {
                if (Glob.hasWildcard(parts.get(i))) {
                    dirs.add("/" + String.join("/", parts.subList(0, i)));
                }
            }
            if (p.use() == ProbePath.Use.LIST && p.isGlob()) {
                dirs.add(p.pattern());
            }
        }
        return dirs.stream().sorted().toList();
    }

    /** The fixed commands a scan runs on a target (those taking a root directory are for offline roots only). */
    public static List<FixedCommand> commands() {
        return ProbeRegistry.commands().stream()
                .filter(c -> c.argv().stream().noneMatch(a -> a.contains("{root}")))
                .sorted(Comparator.comparing(Enum::name)).toList();
    }

    /** A sudoers drop-in for {@code user} (check it with {@code visudo -c -f FILE}). */
    public static String sudoers(String user) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("不是有效的用户名: " + user);
        }
        StringBuilder b = new StringBuilder();
        b.append("# 等保哨兵 只读扫描账户 ").append(user).append("：/etc/sudoers.d/sentinel-scan（visudo -c -f 检查）\n");
        b.append("# 由探针声明生成（ProbeRegistry.paths()/commands()），与 SSH 扫描实际执行的命令逐字一致。\n");
        b.append("Defaults:").append(user).append(" !requiretty\n");
        b.append("# 1. 仅 root 可读的文件：一次 sudo -n cat -- 文件… 读取多个（文件组合随主机而变，只能放开 cat 的参数；\n");
        b.append("#    即该账户可以 root 身份读取任何文件，但不能写、不能执行其他命令）。这些文件是：\n");
        for (String f : rootOnlyFiles()) {
            b.append("#    ").append(f).append('\n');
        }
        List<String> cat = new ArrayList<>();
        for (String dir : List.of("/usr/bin", "/bin")) {
            cat.add(dir + "/cat -- *");
        }
        alias(b, "SENTINEL_CAT", cat);
        b.append("# 2. 列出目录（只读取文件名）：sudo -n ls -1A --quoting-style=c -- 目录/\n");
        List<String> ls = new ArrayList<>();
        for (String dir : List.of("/usr/bin", "/bin")) {
            for (String d : listedDirectories()) {
                ls.add(dir + "/ls -1A --quoting-style\\=c -- " + dirPattern(d));
            }
        }
        alias(b, "SENTINEL_LS", ls);
        b.append("# 3. 固定命令（参数完全固定；命令所在目录因发行版而异，不存在的路径 sudo 不会匹配）\n");
        List<String> cmds = new ArrayList<>();
        for (FixedCommand c : commands()) {
            StringBuilder args = new StringBuilder();
            for (String a : c.argv().subList(1, c.argv().size())) {
                args.append(' ').append(escape(a));
            }
            if (c.argv().size() == 1) {
                args.append(" \"\""); // no arguments allowed, not any
            }
            for (String dir : BIN_DIRS) {
                cmds.add(dir + "/" + c.argv().get(0) + args);
            }
        }
        alias(b, "SENTINEL_CMDS", cmds);
        b.append(user).append(" ALL=(root) NOPASSWD: SENTINEL_CAT, SENTINEL_LS, SENTINEL_CMDS\n");
        return b.toString();
    }

    private static void alias(StringBuilder b, String name, List<String> entries) {
        b.append("Cmnd_Alias ").append(name).append(" = \\\n");
        for (int i = 0; i < entries.size(); i++) {
            b.append("    ").append(entries.get(i)).append(i + 1 < entries.size() ? ", \\\n" : "\n");
        }
    }

    /** A directory as the scan writes it (trailing slash), its wildcards kept as sudoers globs. */
    private static String dirPattern(String dir) {
        StringBuilder out = new StringBuilder();
        for (char ch : dir.toCharArray()) {
            out.append(",:=\\ ".indexOf(ch) >= 0 ? "\\" + ch : String.valueOf(ch));
        }
        return out.append('/').toString();
    }

    /** A literal argument: sudoers' special characters and glob characters escaped. */
    static String escape(String arg) {
        StringBuilder out = new StringBuilder();
        for (char ch : arg.toCharArray()) {
            if (",:=\\*?[]!\"# ".indexOf(ch) >= 0) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }
}
