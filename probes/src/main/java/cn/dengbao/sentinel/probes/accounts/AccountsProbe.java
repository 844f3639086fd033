package cn.dengbao.sentinel.probes.accounts;

import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Group;
import cn.dengbao.sentinel.proto.PasswordState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /etc/passwd, /etc/shadow and /etc/group. Password hashes are reduced to state and algorithm here. */
public final class AccountsProbe implements Probe {
    public static final String PASSWD = "/etc/passwd";
    public static final String SHADOW = "/etc/shadow";
    public static final String GROUP = "/etc/group";
    private static final Set<String> NON_LOGIN_SHELLS = Set.of("nologin", "false", "sync", "shutdown", "halt");

    static final List<ProbePath> PATHS = List.of(read(PASSWD), read(SHADOW).rootOnly(), read(GROUP));

    @Override
    public FactSection section() {
        return FactSection.SECTION_ACCOUNTS;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Accounts.Builder out = Accounts.newBuilder();
        out.setTodayDays(Math.floorDiv(ctx.clock().millis(), 86_400_000L));

        Map<String, ShadowEntry> shadow = new HashMap<>();
        Optional<String> shadowText = ProbeFiles.readRequired(ctx, "accounts.shadow", SHADOW);
        out.setShadowReadable(shadowText.isPresent());
        shadowText.ifPresent(t -> parseShadow(ctx, t, shadow));

        ProbeFiles.readRequired(ctx, "accounts.passwd", PASSWD).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                Account a = parsePasswdLine(ctx, line, shadow, shadowText.isPresent());
                if (a != null) {
                    out.addAccounts(a);
                }
            }
        });

        ProbeFiles.readRequired(ctx, "accounts.group", GROUP).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = line.text();
                if (skip(t)) {
                    continue;
                }
                String[] f = t.split(":", -1);
                Long gid = f.length >= 3 ? parseId(f[2]) : null;
                if (f.length < 3 || gid == null) {
                    malformed(ctx, "accounts.group", GROUP, line.number());
                    continue;
                }
                Group.Builder g = Group.newBuilder().setName(f[0]).setGid(gid)
                        .setSource(ProbeContext.source(GROUP, line.number(), mask(f, 1)));
                if (f.length >= 4) {
                    Arrays.stream(f[3].split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(g::addMembers);
                }
                out.addGroups(g);
            }
        });
        facts.setAccounts(out);
    }

    private record ShadowEntry(ShadowHash hash, long[] numbers, int line, String excerpt) {
    }

    private static void parseShadow(ProbeContext ctx, String text, Map<String, ShadowEntry> out) {
        for (LogicalLine line : ConfigText.physicalLines(text)) {
            String t = line.text();
            if (skip(t)) {
                continue;
            }
            String[] f = t.split(":", -1);
            if (f.length < 2 || f[0].isEmpty()) {
                malformed(ctx, "accounts.shadow", SHADOW, line.number());
                continue;
            }
            ShadowHash h = ShadowHash.of(f[1]);
            long[] n = new long[6];
            for (int i = 0; i < 6; i++) {
                n[i] = f.length > i + 2 ? number(f[i + 2]) : -1;
            }
            f[1] = h.placeholder();
            out.putIfAbsent(f[0], new ShadowEntry(h, n, line.number(), String.join(":", f)));
        }
    }

    private static Account parsePasswdLine(ProbeContext ctx, LogicalLine line, Map<String, ShadowEntry> shadow, boolean shadowRead) {
        String t = line.text();
        if (skip(t)) {
            return null;
        }
        String[] f = t.split(":", -1);
        Long uid = f.length >= 7 ? parseId(f[2]) : null;
        Long gid = f.length >= 7 ? parseId(f[3]) : null;
        if (f.length < 7 || uid == null || gid == null || f[0].isEmpty()) {
            malformed(ctx, "accounts.passwd", PASSWD, line.number());
            return null;
        }
        String shell = f[6].strip();
        String shellName = shell.substring(shell.lastIndexOf('/') + 1);
        Account.Builder a = Account.newBuilder()
                .setName(f[0]).setUid(uid).setGid(gid).setGecos(f[4]).setHome(f[5]).setShell(shell)
                // an empty shell field means /bin/sh
                .setInteractiveShell(!NON_LOGIN_SHELLS.contains(shellName))
                .setLastChangeDays(-1).setMinDays(-1).setMaxDays(-1).setWarnDays(-1).setInactiveDays(-1).setExpireDays(-1);
        String passwdField = f[1];
        ShadowHash inPasswd = passwdField.equals("x") ? null : ShadowHash.of(passwdField);
        if (inPasswd != null) {
            f[1] = inPasswd.placeholder();  // a hash (or emptiness) in passwd itself is masked too
        }
        a.setPasswdSource(ProbeContext.source(PASSWD, line.number(), String.join(":", f)));
        ShadowEntry s = shadow.get(f[0]);
        if (s != null) {
            a.setShadowEntry(true).setPasswordState(s.hash().state()).setHashAlgorithm(s.hash().algorithm())
                    .setLastChangeDays(s.numbers()[0]).setMinDays(s.numbers()[1]).setMaxDays(s.numbers()[2])
                    .setWarnDays(s.numbers()[3]).setInactiveDays(s.numbers()[4]).setExpireDays(s.numbers()[5])
                    .setShadowSource(ProbeContext.source(SHADOW, s.line(), s.excerpt()));
        } else if (inPasswd != null) {
            // no shadow entry: the passwd field is the password (legacy layout)
            a.setPasswordState(inPasswd.state()).setHashAlgorithm(inPasswd.algorithm());
        } else if (shadowRead) {
            // "x" in passwd but no shadow line: nothing crypt can match, so no password login
            a.setPasswordState(PasswordState.NO_PASSWORD);
        }
        return a.build();
    }

    private static String mask(String[] fields, int index) {
        String[] copy = fields.clone();
        if (copy.length > index && !copy[index].equals("x") && !copy[index].isEmpty()) {
            copy[index] = ShadowHash.of(copy[index]).placeholder();
        }
        return String.join(":", copy);
    }

    private static boolean skip(String t) {
        String s = t.strip();
        // NIS compat lines (+/-) carry no local account
        return s.isEmpty() || s.startsWith("#") || s.startsWith("+") || s.startsWith("-");
    }

    private static Long parseId(String s) {
        try {
            long v = Long.parseLong(s.strip());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long number(String s) {
        try {
            return s.isBlank() ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void malformed(ProbeContext ctx, String fact, String path, int line) {
        // the line itself is not quoted: it may hold a hash
        ctx.error(fact, path, ErrorKind.MALFORMED, "malformed entry at line " + line + " of " + path);
    }

}
