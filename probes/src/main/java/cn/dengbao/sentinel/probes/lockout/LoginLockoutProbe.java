package cn.dengbao.sentinel.probes.lockout;

import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.pam.PamStackReader;
import cn.dengbao.sentinel.probes.support.KeyValueConf;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.LoginLockout;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Login-failure lockout: pam_faillock (preferred), pam_tally2 or pam_tally in the auth stacks. For pam_faillock,
 * /etc/security/faillock.conf is the base and module arguments override it; a setting configured nowhere takes the
 * module's default (deny 3, unlock_time 600, fail_interval 900, per pam_faillock(8)) and says so in its source,
 * so a rule can cite "模块默认值".
 */
public final class LoginLockoutProbe implements Probe {
    public static final String FAILLOCK_CONF = "/etc/security/faillock.conf";
    /** Auth stacks examined, system-wide ones first: the effective values come from the first that has a module. */
    public static final List<String> AUTH_STACKS = List.of("common-auth", "system-auth", "password-auth", "sshd", "login");
    static final List<String> MODULES = List.of("pam_faillock", "pam_tally2", "pam_tally");
    static final List<String> KEYS = List.of("deny", "unlock_time", "even_deny_root", "root_unlock_time", "fail_interval");

    static final List<ProbePath> PATHS = ProbePath.concat(List.of(read(FAILLOCK_CONF)), PamStackReader.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_LOGIN_LOCKOUT;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        LoginLockout.Builder out = LoginLockout.newBuilder();
        Optional<String> conf = ProbeFiles.readIfPresent(ctx, "login_lockout.faillock_conf", FAILLOCK_CONF);
        out.setFaillockConfPresent(conf.isPresent() || ctx.access().exists(FAILLOCK_CONF));

        PamStackReader reader = new PamStackReader(ctx.access());
        for (String service : AUTH_STACKS) {
            // a stack we could not read must show as an error, not as "no lockout"; the collector drops duplicates
            reader.read(service, ctx, "pam." + service);
        }
        String module = "";
        List<PamEntry> chosen = List.of();
        for (String moduleName : MODULES) {
            for (String service : AUTH_STACKS) {
                PamStackReader.Result r = reader.read(service);
                if (!r.present()) {
                    continue;
                }
                List<PamEntry> found = PamStackReader.entries(r.stack(), "auth", List.of(moduleName));
                if (!found.isEmpty()) {
                    out.addStacks(service);
                    if (chosen.isEmpty()) {
                        chosen = found;
                    }
                }
            }
            if (!chosen.isEmpty()) {
                module = moduleName;
                break;
            }
        }
        out.setModule(module);
        Map<String, Setting> effective = new LinkedHashMap<>();
        if (module.equals("pam_faillock")) {
            def(effective, "deny", "3");
            def(effective, "unlock_time", "600");
            def(effective, "fail_interval", "900");
            conf.ifPresent(t -> KeyValueConf.parse(FAILLOCK_CONF, t).forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    effective.put(k, v);
                }
            }));
        }
        // lines in stack order (preauth, authfail, authsucc): a later line's value is the one that counts failures
        for (PamEntry e : chosen) {
            e.getOptionsMap().forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    effective.put(k, Setting.newBuilder().setKey(k).setValue(v.isEmpty() ? "1" : v).setSource(e.getSource()).build());
                }
            });
        }
        out.putAllEffective(effective);
        facts.setLoginLockout(out);
    }

    private static void def(Map<String, Setting> effective, String key, String value) {
        effective.put(key, Setting.newBuilder().setKey(key).setValue(value)
                .setSource(Source.newBuilder().setExcerpt("模块默认值（pam_faillock 未配置 " + key + "）")).build());
    }
}
