package cn.dengbao.sentinel.probes.lockout;

import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.pam.PamStackReader;
import cn.dengbao.sentinel.probes.support.KeyValueConf;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.LoginLockout;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.proto.ServiceLockout;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Login-failure lockout: pam_faillock (preferred), pam_tally2 or pam_tally in the auth stacks. For pam_faillock,
 * /etc/security/faillock.conf is the base and module arguments override it; a setting configured nowhere takes the
 * module's default (deny 3, unlock_time 600, fail_interval 900, per pam_faillock(8)) and says so in its source,
 * so a rule can cite "模块默认值".
 */
public final class LoginLockoutProbe implements Probe {
    public static final String FAILLOCK_CONF = "/etc/security/faillock.conf";
    /** Auth stacks listed in {@code stacks}; without a login service file, the effective values come from the first with a module. */
    public static final List<String> AUTH_STACKS = List.of("common-auth", "system-auth", "password-auth", "sshd", "login");
    /** The services people log in through; each is judged on its own effective auth stack. */
    public static final List<String> LOGIN_SERVICES = List.of("sshd", "login");
    static final List<String> MODULES = List.of("pam_faillock", "pam_tally2", "pam_tally");
    static final List<String> KEYS = List.of("deny", "unlock_time", "even_deny_root", "root_unlock_time", "fail_interval");

    /** Where libpam looks for a module named without a path, per distribution and architecture. */
    static final List<String> MODULE_DIRS = List.of("/usr/lib64/security", "/lib64/security", "/usr/lib/security", "/lib/security",
            "/usr/lib/x86_64-linux-gnu/security", "/lib/x86_64-linux-gnu/security",
            "/usr/lib/aarch64-linux-gnu/security", "/lib/aarch64-linux-gnu/security");

    static final List<ProbePath> PATHS = ProbePath.concat(List.of(read(FAILLOCK_CONF)), PamStackReader.PATHS,
            MODULE_DIRS.stream().map(d -> ProbePath.stat(d + "/*")).toList());

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
        for (String moduleName : MODULES) {
            for (String service : AUTH_STACKS) {
                PamStackReader.Result r = reader.read(service);
                if (r.present() && !PamStackReader.entries(r.stack(), "auth", List.of(moduleName)).isEmpty()) {
                    out.addStacks(service);
                }
            }
            if (out.getStacksCount() > 0) {
                break;
            }
        }
        // What counts is the stack each login service really runs (sshd on the RHEL family goes through
        // password-auth, not system-auth): lockout in one system stack says nothing about another.
        List<ServiceLockout> services = new ArrayList<>();
        for (String service : LOGIN_SERVICES) {
            PamStackReader.Result r = reader.read(service, ctx, "pam." + service);
            if (r.present()) {
                services.add(service(service, r.stack(), conf, ctx.access()));
            }
        }
        out.addAllServices(services);
        if (!services.isEmpty()) {
            ServiceLockout weakest = weakest(services);
            out.setModule(weakest.getModule()).putAllEffective(weakest.getEffectiveMap());
        } else {
            // no login service file (a minimal image): the system-wide stacks are all there is to judge
            for (String service : AUTH_STACKS) {
                PamStackReader.Result r = reader.read(service);
                if (r.present()) {
                    Enforcing e = enforcing(r.stack(), ctx.access());
                    if (!e.module().isEmpty()) {
                        out.setModule(e.module()).putAllEffective(effective(e, conf));
                        break;
                    }
                }
            }
        }
        facts.setLoginLockout(out);
    }

    /** The module whose auth lines enforce lockout in a stack, with those lines in stack order. */
    record Enforcing(String module, List<PamEntry> entries, String reason) {
    }

    /**
     * The first module of {@link #MODULES} with an auth line whose failure can fail the stack. A module only ever
     * listed as {@code optional} does not lock anyone out (its result is ignored when other modules ran).
     */
    static Enforcing enforcing(PamStack stack, HostAccess access) {
        String reason = "认证栈中无 pam_faillock / pam_tally2";
        for (String moduleName : MODULES) {
            List<PamEntry> all = PamStackReader.entries(stack, "auth", List.of(moduleName));
            // a '-' line whose module is not installed is skipped by libpam without a word
            List<PamEntry> found = all.stream().filter(e -> !e.getOptionalMissingOk() || installed(access, e)).toList();
            if (found.isEmpty()) {
                if (!all.isEmpty()) {
                    reason = moduleName + " 仅以 “-” 行出现且模块文件未安装，libpam 跳过该行（不锁定）";
                }
                continue;
            }
            if (found.stream().allMatch(e -> e.getControl().equals("optional"))) {
                reason = moduleName + " 仅以 optional 控制标志出现，失败不影响认证结果（不锁定）";
                continue;
            }
            return new Enforcing(moduleName, found, "");
        }
        return new Enforcing("", List.of(), reason);
    }

    /** Whether the module of a line exists: its absolute path, else the name in libpam's module directories. */
    static boolean installed(HostAccess access, PamEntry e) {
        String file = e.getModule() + ".so";
        String raw = e.getSource().getExcerpt();
        for (String token : raw.split("\\s+")) {
            // an absolute module path is looked up only in the declared module directories (else by name below)
            if (token.endsWith("/" + file) && MODULE_DIRS.stream().anyMatch(d -> token.equals(d + "/" + file))) {
                return ProbeFiles.anyExists(access, token);
            }
        }
        return MODULE_DIRS.stream().anyMatch(d -> ProbeFiles.anyExists(access, d + "/" + file));
    }

    private static ServiceLockout service(String service, PamStack stack, Optional<String> conf, HostAccess access) {
        Enforcing e = enforcing(stack, access);
        ServiceLockout.Builder b = ServiceLockout.newBuilder().setService(service).setModule(e.module());
        if (e.module().isEmpty()) {
            Set<String> files = new LinkedHashSet<>();
            files.add(PamStackReader.PAM_DIR + "/" + service);
            for (PamEntry p : stack.getEntriesList()) {
                if (p.getType().equals("auth")) {
                    files.add(p.getSource().getPath());
                }
            }
            return b.setStack(String.join("、", files)).setReason(e.reason())
                    .setSource(Source.newBuilder().setPath(PamStackReader.PAM_DIR + "/" + service)).build();
        }
        PamEntry first = e.entries().get(0);
        return b.setStack(chain(service, first)).putAllEffective(effective(e, conf)).setSource(first.getSource()).build();
    }

    /** "sshd → password-auth" for a line of password-auth reached from sshd; "sshd → … → system-auth" when deeper. */
    static String chain(String service, PamEntry e) {
        String path = e.getSource().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (e.getIncludedFrom().isEmpty() || file.equals(service)) {
            return service;
        }
        if (e.getIncludedFrom().equals(service)) {
            return service + " → " + file;
        }
        return service + " → … → " + e.getIncludedFrom() + " → " + file;
    }

    /** The service a rule must judge: one without lockout, else the one with the most failures allowed. */
    static ServiceLockout weakest(List<ServiceLockout> services) {
        ServiceLockout worst = services.get(0);
        for (ServiceLockout s : services) {
            if (s.getModule().isEmpty()) {
                return s;
            }
            if (deny(s) > deny(worst)) {
                worst = s;
            }
        }
        return worst;
    }

    /** pam_tally2 without deny never locks: the largest possible. */
    private static long deny(ServiceLockout s) {
        Setting d = s.getEffectiveMap().get("deny");
        if (d == null || !d.getValue().matches("[0-9]{1,9}") || d.getValue().equals("0")) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(d.getValue());
    }

    private static Map<String, Setting> effective(Enforcing e, Optional<String> conf) {
        Map<String, Setting> effective = new LinkedHashMap<>();
        if (e.module().equals("pam_faillock")) {
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
        for (PamEntry p : e.entries()) {
            p.getOptionsMap().forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    effective.put(k, Setting.newBuilder().setKey(k).setValue(v.isEmpty() ? "1" : v).setSource(p.getSource()).build());
                }
            });
        }
        return effective;
    }

    private static void def(Map<String, Setting> effective, String key, String value) {
        effective.put(key, Setting.newBuilder().setKey(key).setValue(value)
                .setSource(Source.newBuilder().setExcerpt("模块默认值（pam_faillock 未配置 " + key + "）")).build());
    }
}
