package cn.dengbao.sentinel.probes.sudoers;

import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SudoRule;
import cn.dengbao.sentinel.proto.Sudoers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /etc/sudoers with its includes, as sudo reads them: {@code #include}/{@code @include} (relative to the including
 * file's directory), {@code #includedir}/{@code @includedir} (files whose names have no '.' and do not end in '~',
 * in name order), '#' comments except the directives and {@code #uid} principals, backslash continuations.
 * User specifications become {@link SudoRule}s; Defaults and alias definitions are kept as settings (key = the
 * Defaults binding or the alias kind, value = the rest of the line).
 */
public final class SudoersProbe implements Probe {
    public static final String SUDOERS = "/etc/sudoers";
    static final int MAX_DEPTH = 16;
    private static final Pattern INCLUDE = Pattern.compile("^[#@](include|includedir)\\s+(.+)$");
    private static final Pattern ALIAS = Pattern.compile("^(User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias|Cmd_Alias)\\s+(.*)$");
    private static final Pattern DEFAULTS = Pattern.compile("^(Defaults(?:[:@>!]\\S+)?)\\s+(.*)$");
    private static final Pattern TAG = Pattern.compile("^([A-Z_]+):\\s*");
    private static final Pattern OPTION = Pattern.compile("^(ROLE|TYPE|TIMEOUT|NOTBEFORE|NOTAFTER|CWD|CHROOT|APPARMOR_PROFILE|PRIVS|LIMITPRIVS)=\\S+\\s*");

    /** The policy and its usual include directory, root-only everywhere. */
    static final List<ProbePath> PATHS = List.of(read(SUDOERS).rootOnly(), read("/etc/sudoers.d/*").rootOnly());

    @Override
    public FactSection section() {
        return FactSection.SECTION_SUDOERS;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Sudoers.Builder out = Sudoers.newBuilder();
        String text;
        try {
            text = ProbeFiles.text(ctx.access(), SUDOERS);
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error("sudoers", e);
            }
            facts.setSudoers(out.setPresent(!e.notFound()));
            return;
        }
        out.setPresent(true);
        new Reader(ctx, out).file(SUDOERS, text);
        NoAuthenticate.apply(out);
        facts.setSudoers(out);
    }

    private static final class Reader {
        private final ProbeContext ctx;
        private final Sudoers.Builder out;
        private final Deque<String> visiting = new ArrayDeque<>();

        Reader(ProbeContext ctx, Sudoers.Builder out) {
            this.ctx = ctx;
            this.out = out;
        }

        void file(String path, String text) {
            out.addFiles(path);
            visiting.addLast(path);
            for (LogicalLine l : ConfigText.joinContinuations(text, SudoersProbe::cutComment)) {
                String t = l.text().strip();
                Matcher inc = INCLUDE.matcher(t);
                if (inc.matches()) {
                    include(path, inc.group(1).equals("includedir"), ConfigText.unquote(inc.group(2).strip()));
                    continue;
                }
                String code = t;
                if (code.isEmpty()) {
                    continue;
                }
                Source src = ProbeContext.source(path, l.number(), t);
                Matcher d = DEFAULTS.matcher(code);
                Matcher a = ALIAS.matcher(code);
                if (d.matches()) {
                    out.addDefaults(Setting.newBuilder().setKey(d.group(1)).setValue(d.group(2).strip()).setSource(src));
                } else if (a.matches()) {
                    out.addDefaults(Setting.newBuilder().setKey(a.group(1)).setValue(a.group(2).strip()).setSource(src));
                } else {
                    SudoRule rule = rule(code, src);
                    if (rule == null) {
                        ctx.error("sudoers", path, ErrorKind.MALFORMED, "unparsable sudoers line " + l.number() + " in " + path);
                    } else {
                        out.addRules(rule);
                    }
                }
            }
            visiting.removeLast();
        }

        private void include(String from, boolean dir, String target) {
            String base = from.substring(0, from.lastIndexOf('/') + 1);
            String resolved = target.startsWith("/") ? target : base + target;
            List<String> files = new ArrayList<>();
            if (dir) {
                for (String name : ProbeFiles.listIfPresent(ctx, "sudoers", resolved)) {
                    if (!name.contains(".") && !name.endsWith("~")) {
                        files.add(ProbeFiles.join(resolved, name));
                    }
                }
            } else {
                files.add(resolved);
            }
            for (String f : files) {
                if (visiting.contains(f) || visiting.size() >= MAX_DEPTH) {
                    ctx.error("sudoers", f, ErrorKind.MALFORMED, "sudoers include loop or nesting deeper than " + MAX_DEPTH + ": " + f);
                    continue;
                }
                try {
                    if (dir && !ctx.access().stat(f, true).regularFile()) {
                        continue;
                    }
                    file(f, ProbeFiles.text(ctx.access(), f));
                } catch (AccessException e) {
                    // a missing #include is skipped by sudo; anything else means we could not see every rule
                    if (!e.notFound() || !dir) {
                        ctx.error("sudoers", e);
                    }
                }
            }
        }
    }

    /** {@code principals hosts = [(runas)] [TAGS:] commands}. Returns null when there is no '='. */
    static SudoRule rule(String code, Source src) {
        int eq = code.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String left = code.substring(0, eq).strip();
        String right = code.substring(eq + 1).strip();
        // the host list is the last word before '='; principals may be a comma list with blanks after commas
        int split = lastTopLevelBlank(left);
        if (split < 0) {
            return null;
        }
        String principal = left.substring(0, split).strip();
        String hosts = left.substring(split).strip();
        String runas = "";
        String rest = right;
        if (rest.startsWith("(")) {
            int close = rest.indexOf(')');
            if (close > 0) {
                runas = rest.substring(1, close).strip();
                rest = rest.substring(close + 1).strip();
            }
        }
        boolean nopasswd = false;
        while (true) {
            Matcher o = OPTION.matcher(rest);
            if (o.find()) {
                rest = rest.substring(o.end());
                continue;
            }
            Matcher t = TAG.matcher(rest);
            if (!t.find()) {
                break;
            }
            if (t.group(1).equals("NOPASSWD")) {
                nopasswd = true;
            } else if (t.group(1).equals("PASSWD")) {
                nopasswd = false;
            }
            rest = rest.substring(t.end());
        }
        // later command groups may carry their own runas and tags; a NOPASSWD anywhere counts
        if (right.contains("NOPASSWD:")) {
            nopasswd = true;
        }
        boolean all = false;
        for (String cmd : right.split(",")) {
            String c = cmd.replaceAll("\\([^)]*\\)", "").replaceAll("[A-Z_]+:", "").strip();
            if (c.equals("ALL")) {
                all = true;
            }
        }
        return SudoRule.newBuilder().setPrincipal(principal).setHosts(hosts).setRunas(runas).setCommands(rest)
                .setNopasswd(nopasswd).setAllCommands(all).setSource(src).build();
    }

    private static int lastTopLevelBlank(String left) {
        for (int i = left.length() - 1; i > 0; i--) {
            if (Character.isWhitespace(left.charAt(i)) && left.charAt(i - 1) != ',') {
                // skip blanks that follow a comma in the host list ("host1, host2")
                return i;
            }
        }
        return -1;
    }

    /** Per physical line: include directives are kept whole, anything else loses its comment. */
    static String cutComment(String line) {
        return INCLUDE.matcher(line.strip()).matches() ? line : stripComment(line);
    }

    /** '#' starts a comment unless it introduces a uid ("#1000") or is inside double quotes. */
    static String stripComment(String line) {
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                dbl = !dbl;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && !dbl) {
                boolean uid = i + 1 < line.length() && Character.isDigit(line.charAt(i + 1))
                        && (i == 0 || Character.isWhitespace(line.charAt(i - 1)) || line.charAt(i - 1) == ',' || line.charAt(i - 1) == '(');
                if (!uid) {
                    return line.substring(0, i);
                }
            }
        }
        return line;
    }
}
