package cn.dengbao.sentinel.probes.sudoers;

import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SudoRule;
import cn.dengbao.sentinel.proto.Sudoers;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code authenticate} flag (sudoers(5)): {@code Defaults !authenticate} makes every grant password-less unless
 * the grant carries an explicit PASSWD: tag. sudo applies all Defaults before any grant, later lines overriding
 * earlier ones, whatever their position. Bindings: plain (everyone), {@code :user} (that principal), and
 * {@code >runas}, {@code @host}, {@code !cmnd} — those three taken as reaching every grant they could reach
 * (runas and host are not resolved here; !cmnd reaches grants of ALL commands), so no password-less grant is missed.
 */
final class NoAuthenticate {
    private static final Pattern EXPLICIT_PASSWD = Pattern.compile("(?<![A-Z])PASSWD:");

    private NoAuthenticate() {
    }

    static void apply(Sudoers.Builder out) {
        Source global = null;  // the deciding line for everyone; null = authenticate (the default)
        List<Setting> defaults = out.getDefaultsList();
        for (Setting d : defaults) {
            if (d.getKey().equals("Defaults")) {
                Boolean flag = flag(d.getValue());
                if (flag != null) {
                    global = flag ? null : d.getSource();
                }
            }
        }
        for (int i = 0; i < out.getRulesCount(); i++) {
            SudoRule r = out.getRules(i);
            if (r.getNopasswd() || EXPLICIT_PASSWD.matcher(r.getSource().getExcerpt()).find()) {
                continue;
            }
            Source decided = global;
            for (Setting d : defaults) {
                String k = d.getKey();
                if (k.equals("Defaults") || !k.startsWith("Defaults")) {
                    continue;
                }
                Boolean flag = flag(d.getValue());
                if (flag != null && reaches(k, r)) {
                    decided = flag ? null : d.getSource();
                }
            }
            if (decided != null) {
                out.setRules(i, r.toBuilder().setNopasswd(true).setNopasswdDefaults(decided));
            }
        }
    }

    /** Whether a binding ("Defaults:alice,%ops", "Defaults>root", "Defaults@db1", "Defaults!/bin/sh") reaches the grant. */
    private static boolean reaches(String key, SudoRule r) {
        char kind = key.charAt("Defaults".length());
        String list = key.substring("Defaults".length() + 1);
        if (kind == ':') {
            for (String u : list.split(",")) {
                if (u.strip().equals(r.getPrincipal()) || u.strip().equals("ALL")) {
                    return true;
                }
            }
            return false;
        }
        return kind != '!' || r.getAllCommands();
    }

    /** true for "authenticate", false for "!authenticate", null when the line does not set it. */
    private static Boolean flag(String value) {
        Boolean out = null;
        for (String part : value.split(",")) {
            String t = part.strip();
            if (t.equals("authenticate")) {
                out = true;
            } else if (t.equals("!authenticate")) {
                out = false;
            }
        }
        return out;
    }
}
