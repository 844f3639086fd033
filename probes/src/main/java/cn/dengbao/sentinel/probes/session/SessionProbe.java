package cn.dengbao.sentinel.probes.session;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.password.LoginDefs;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Session;
import cn.dengbao.sentinel.proto.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle-session timeout and umask as set for login shells: TMOUT assignments (plain, export, readonly, declare -r,
 * typeset -r) and the ways of making it read-only, csh autologout, umask lines, and login.defs UMASK. Files are
 * read in the order a login shell reads them; commented lines are ignored.
 */
public final class SessionProbe implements Probe {
    static final String FACT = "session.profile";
    static final String PROFILE_D = "/etc/profile.d";
    private static final Pattern STATEMENT_SPLIT = Pattern.compile(";|&&|\\|\\|");
    private static final java.util.Set<String> LEADING_KEYWORDS = java.util.Set.of("then", "else", "do", "{", "(");
    private static final java.util.Set<String> DECLARATIONS = java.util.Set.of("export", "readonly", "declare", "typeset", "local");
    private static final Pattern UMASK = Pattern.compile("(?:^|[\\s;&|{(])umask\\s+(-S\\s+)?([0-7]{3,4}|[ugoa=,rwx+-]+)");
    private static final Pattern AUTOLOGOUT = Pattern.compile("(?:^|[\\s;])set\\s+autologout\\s*=\\s*(\\S+)");

    /** What a login shell reads, in that order, and login.defs' UMASK. */
    static final List<ProbePath> PATHS = List.of(read("/etc/profile"), list(PROFILE_D), read(PROFILE_D + "/*.sh"),
            read("/etc/bash.bashrc"), read("/etc/bashrc"), read("/etc/environment"), read("/etc/csh.cshrc"), read("/etc/csh.login"),
            read(PROFILE_D + "/*.csh"), read(LoginDefs.PATH));

    @Override
    public FactSection section() {
        return FactSection.SECTION_SESSION;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Session.Builder out = Session.newBuilder();
        for (String path : shellFiles(ctx)) {
            ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> scanShell(path, text, out));
        }
        for (String path : cshFiles(ctx)) {
            ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> scanCsh(path, text, out));
        }
        ProbeFiles.readIfPresent(ctx, FACT, LoginDefs.PATH).ifPresent(text -> {
            Setting umask = LoginDefs.parse(text).get("UMASK");
            if (umask != null) {
                out.addUmask(umask);
            }
        });
        facts.setSession(out);
    }

    private static List<String> shellFiles(ProbeContext ctx) {
        List<String> files = new ArrayList<>();
        files.add("/etc/profile");
        for (String n : ProbeFiles.listIfPresent(ctx, FACT, PROFILE_D)) {
            if (n.endsWith(".sh")) {
                files.add(PROFILE_D + "/" + n);
            }
        }
        files.addAll(List.of("/etc/bash.bashrc", "/etc/bashrc", "/etc/environment"));
        return files;
    }

    private static List<String> cshFiles(ProbeContext ctx) {
        List<String> files = new ArrayList<>(List.of("/etc/csh.cshrc", "/etc/csh.login"));
        for (String n : ProbeFiles.listIfPresent(ctx, FACT, PROFILE_D)) {
            if (n.endsWith(".csh")) {
                files.add(PROFILE_D + "/" + n);
            }
        }
        return files;
    }

    static void scanShell(String path, String text, Session.Builder out) {
        for (LogicalLine l : ConfigText.joinContinuations(text, SessionProbe::stripComment)) {
            String code = l.text();
            if (code.isBlank()) {
                continue;
            }
            for (String statement : STATEMENT_SPLIT.split(code)) {
                tmout(statement, path, l, out);
            }
            Matcher u = UMASK.matcher(code);
            while (u.find()) {
                out.addUmask(setting("umask", u.group(2), path, l));
            }
        }
    }

    /**
     * One simple command: {@code TMOUT=600}, {@code export TMOUT=600}, {@code readonly TMOUT[=600]},
     * {@code declare -r TMOUT[=600]}, {@code typeset -rx TMOUT=600}; leading then/else/do/{ are skipped.
     */
    private static void tmout(String statement, String path, LogicalLine l, Session.Builder out) {
        List<String> tokens = new ArrayList<>(List.of(statement.strip().split("\\s+")));
        while (!tokens.isEmpty() && LEADING_KEYWORDS.contains(tokens.get(0))) {
            tokens.remove(0);
        }
        if (tokens.isEmpty() || tokens.get(0).isEmpty()) {
            return;
        }
        String first = tokens.get(0);
        if (first.startsWith("TMOUT=")) {
            out.addTmout(setting("TMOUT", ConfigText.unquote(first.substring(6)), path, l));
            return;
        }
        if (!DECLARATIONS.contains(first)) {
            return;
        }
        boolean readonly = first.equals("readonly");
        for (String t : tokens.subList(1, tokens.size())) {
            if (t.startsWith("-") || t.startsWith("+")) {
                if ((first.equals("declare") || first.equals("typeset")) && t.startsWith("-") && t.contains("r")) {
                    readonly = true;
                }
                continue;
            }
            if (t.startsWith("TMOUT=")) {
                Setting s = setting("TMOUT", ConfigText.unquote(t.substring(6)), path, l);
                out.addTmout(s);
                if (readonly) {
                    out.addTmoutReadonly(s);
                }
            } else if (t.equals("TMOUT") && readonly) {
                out.addTmoutReadonly(setting("TMOUT", "", path, l));
            }
        }
    }

    static void scanCsh(String path, String text, Session.Builder out) {
        for (LogicalLine l : ConfigText.joinContinuations(text, SessionProbe::stripComment)) {
            String code = l.text();
            Matcher m = AUTOLOGOUT.matcher(code);
            while (m.find()) {
                out.addAutologout(setting("autologout", ConfigText.unquote(m.group(1)), path, l));
            }
        }
    }

    private static Setting setting(String key, String value, String path, LogicalLine l) {
        return Setting.newBuilder().setKey(key).setValue(value).setSource(ProbeContext.source(path, l.number(), l.text())).build();
    }

    /** Drops a comment: a whole '#' line, or '#' after a blank outside quotes. */
    static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
