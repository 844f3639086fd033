package cn.dengbao.sentinel.probes.sshd;

import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.packages.DpkgStatus;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SshMatchBlock;
import cn.dengbao.sentinel.proto.Sshd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The effective sshd configuration, read the way sshd reads it: keywords are case-insensitive and the first value
 * wins; {@code Include} is expanded where it stands (globs in lexical order, relative paths under /etc/ssh), so a
 * drop-in included at the top of sshd_config (Debian 12) overrides what follows; {@code Match} blocks run until the
 * next Match or the end of the file and are kept apart; an Include inside a Match belongs to it. On a live host (local or SSH),
 * {@code sshd -T} (the daemon's own view) replaces the global options when it works; each value's source says which
 * ({@code options_source}). Then {@link EffectiveSshd} gives per option what every connection gets: the global value
 * or the installed OpenSSH version's compiled-in default ({@link SshdDefaults}), and each reachable Match override.
 */
public final class SshdProbe implements Probe {
    public static final String CONFIG = "/etc/ssh/sshd_config";
    public static final String BINARY = "/usr/sbin/sshd";
    static final String SSH_DIR = "/etc/ssh";
    static final int MAX_INCLUDE_DEPTH = 16;
    static final Set<String> MULTI = Set.of("listenaddress", "port", "allowusers", "allowgroups", "denyusers", "denygroups");

    /** The binary, and the configuration with the drop-ins distributions include (root-only on RHEL-likes). */
    static final List<ProbePath> PATHS = List.of(stat(BINARY), read(CONFIG).rootOnly(), read(SSH_DIR + "/sshd_config.d/*.conf").rootOnly(),
            read(DpkgStatus.PATH), read("/etc/crypto-policies/back-ends/opensshserver.config"));


    /** The packages whose version is the daemon's (Debian: openssh-server; RHEL family: openssh-server, openssh). */
    static final List<String> PACKAGES = List.of("openssh-server", "openssh");

    @Override
    public FactSection section() {
        return FactSection.SECTION_SSHD;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_PACKAGES);
    }

    @Override
    public Set<FixedCommand> commands() {
        return Set.of(FixedCommand.SSHD_T);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Sshd.Builder out = Sshd.newBuilder();
        boolean binary = ctx.access().exists(BINARY);
        String text = null;
        try {
            text = ProbeFiles.text(ctx.access(), CONFIG);
        } catch (AccessException e) {
            // no sshd at all is a fact; a config that is there but unreadable, or a binary without config, is not
            if (!e.notFound() || binary) {
                ctx.error("sshd", e);
            }
        }
        out.setInstalled(binary || text != null).setConfigPresent(text != null);
        if (text != null) {
            new Parser(ctx, out).file(CONFIG, text, 0);
        }
        out.setOptionsSource("files");
        if (ctx.access().mode() != AccessMode.ROOT && out.getInstalled()) {
            applySshdT(ctx, out);
        }
        if (out.getInstalled()) {
            version(ctx, facts, out);
            EffectiveSshd.compute(out, SshdDefaults.of(out.getOpensshVersionNum(), "rpm".equals(facts.getPackages().getManager())),
                    out.getOpensshVersion().isEmpty() ? "（版本未知，按 7.0 以后）" : out.getOpensshVersion());
        }
        facts.setSshd(out);
    }

    /** Replaces the global options by the daemon's own view; Match blocks stay as read from the files. */
    private static void applySshdT(ProbeContext ctx, Sshd.Builder out) {
        CommandResult r;
        try {
            r = ctx.access().run(FixedCommand.SSHD_T);
        } catch (AccessException e) {
            return;  // the files were read; sshd -T is a refinement, its absence is no gap
        }
        if (!r.ok() || r.stdout().isBlank()) {
            return;
        }
        out.clearOptions().clearListenAddresses().clearPorts().clearAllowUsers().clearAllowGroups()
                .clearDenyUsers().clearDenyGroups();
        for (String line : r.stdout().split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int sp = t.indexOf(' ');
            String key = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
            String value = sp < 0 ? "" : t.substring(sp + 1).strip();
            Setting s = Setting.newBuilder().setKey(key).setValue(value)
                    .setSource(ProbeContext.commandSource("sshd -T", t)).build();
            global(out, s);
        }
        out.addConfigFiles("command: sshd -T");
        out.setOptionsSource("sshd -T");
    }

    /** The daemon's upstream version from the packages section, or dpkg's status file when that was not collected. */
    private static void version(ProbeContext ctx, Facts.Builder facts, Sshd.Builder out) {
        List<Package> packages = facts.getPackages().getPackagesList();
        if (facts.getPackages().getManager().isEmpty()) {
            packages = ProbeFiles.readQuietly(ctx.access(), DpkgStatus.PATH, ProbeFiles.MAX_DATABASE_BYTES)
                    .map(DpkgStatus::parse).orElse(List.of());
        }
        for (String name : PACKAGES) {
            for (Package p : packages) {
                if (p.getName().equals(name)) {
                    String v = SshdDefaults.upstream(p.getVersion());
                    out.setOpensshVersion(v).setOpensshVersionNum(SshdDefaults.number(v));
                    return;
                }
            }
        }
    }

    static void global(Sshd.Builder out, Setting s) {
        String key = s.getKey();
        if (!out.containsOptions(key)) {
            out.putOptions(key, s);
        }
        switch (key) {
            case "listenaddress" -> out.addListenAddresses(s);
            case "port" -> out.addPorts(s);
            case "allowusers" -> out.addAllowUsers(s);
            case "allowgroups" -> out.addAllowGroups(s);
            case "denyusers" -> out.addDenyUsers(s);
            case "denygroups" -> out.addDenyGroups(s);
            default -> {
            }
        }
    }

    private static final class Parser {
        private final ProbeContext ctx;
        private final Sshd.Builder out;
        private final Deque<String> visiting = new ArrayDeque<>();
        private final List<SshMatchBlock.Builder> blocks = new ArrayList<>();
        private SshMatchBlock.Builder match;  // null while global

        Parser(ProbeContext ctx, Sshd.Builder out) {
            this.ctx = ctx;
            this.out = out;
        }

        void file(String path, String text, int depth) {
            out.addConfigFiles(path);
            visiting.addLast(path);
            for (LogicalLine l : ConfigText.physicalLines(text)) {
                String t = l.text().strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int end = 0;
                while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && t.charAt(end) != '=') {
                    end++;
                }
                String keyword = t.substring(0, end).toLowerCase(Locale.ROOT);
                String rest = t.substring(end).strip();
                if (rest.startsWith("=")) {
                    rest = rest.substring(1).strip();
                }
                List<String> args = SshdConfigText.args(rest);
                String value = String.join(" ", args);
                Source src = ProbeContext.source(path, l.number(), t);
                switch (keyword) {
                    case "include" -> include(args, depth, path, l.number());
                    case "match" -> {
                        match = SshMatchBlock.newBuilder().setCriteria(value).setSource(src);
                        blocks.add(match);
                    }
                    default -> {
                        Setting s = Setting.newBuilder().setKey(keyword).setValue(value).setSource(src).build();
                        if (match != null) {
                            if (!match.containsOptions(keyword)) {
                                match.putOptions(keyword, s);
                            }
                        } else {
                            global(out, s);
                        }
                    }
                }
            }
            visiting.removeLast();
            if (depth == 0) {
                blocks.forEach(out::addMatchBlocks);
                blocks.clear();
                match = null;
            }
        }

        private void include(List<String> patterns, int depth, String from, int line) {
            for (String pattern : patterns) {
                String abs = pattern.startsWith("/") ? pattern : SSH_DIR + "/" + pattern;
                for (String file : expand(abs)) {
                    if (depth + 1 > MAX_INCLUDE_DEPTH || visiting.contains(file)) {
                        ctx.error("sshd", file, ErrorKind.MALFORMED, "Include loop or nesting deeper than "
                                + MAX_INCLUDE_DEPTH + " at " + from + ":" + line + " -> " + file);
                        continue;
                    }
                    String text;
                    try {
                        text = ProbeFiles.text(ctx.access(), file);
                    } catch (AccessException e) {
                        if (!e.notFound()) {
                            ctx.error("sshd", e);
                        }
                        continue;
                    }
                    // sshd restores the Match context after an included file, so a Match inside it ends there
                    SshMatchBlock.Builder saved = match;
                    file(file, text, depth + 1);
                    match = saved;
                }
            }
        }

        /** Files matching a glob in its last component, in lexical order; a plain path is itself. */
        private List<String> expand(String abs) {
            int slash = abs.lastIndexOf('/');
            String dir = slash <= 0 ? "/" : abs.substring(0, slash);
            String name = abs.substring(slash + 1);
            if (!(name.contains("*") || name.contains("?") || name.contains("["))) {
                return List.of(abs);
            }
            List<String> out = new ArrayList<>();
            for (String entry : ProbeFiles.listIfPresent(ctx, "sshd", dir)) {
                if (Glob.matches(name, entry)) {
                    out.add(ProbeFiles.join(dir, entry));
                }
            }
            return out;  // list() is sorted
        }
    }
}
