package cn.dengbao.sentinel.probes.password;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.pam.PamStackReader;
import cn.dengbao.sentinel.probes.support.KeyValueConf;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.proto.PasswordPolicy;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * login.defs, pwquality.conf (+ pwquality.conf.d), and the effective password-quality policy of the stacks passwords
 * are changed through: passwd's and sshd's own effective stacks, the weaker deciding (RHEL: system-auth vs
 * password-auth); without either file, the system stack (Debian's common-password, else system-auth, else
 * password-auth). Effective values start from the module's documented defaults, then pwquality.conf
 * (pam_pwquality only), then the module's arguments.
 */
public final class PasswordPolicyProbe implements Probe {
    public static final String PWQUALITY = "/etc/security/pwquality.conf";
    public static final String PWQUALITY_D = "/etc/security/pwquality.conf.d";
    public static final String PWHISTORY = "/etc/security/pwhistory.conf";
    /** Stacks that hold the system-wide password policy, in order of preference. */
    public static final List<String> PASSWORD_STACKS = List.of("common-password", "system-auth", "password-auth");
    /** The services passwords are changed through: passwd, and sshd (an expired password is changed at login). */
    public static final List<String> PASSWORD_SERVICES = List.of("passwd", "sshd");
    static final List<String> QUALITY_MODULES = List.of("pam_pwquality", "pam_cracklib", "pam_passwdqc");
    static final List<String> EFFECTIVE_KEYS = List.of("minlen", "minclass", "dcredit", "ucredit", "lcredit", "ocredit",
            "retry", "enforce_for_root");
    static final String DEFAULT_SOURCE = "模块默认值";

    static final List<ProbePath> PATHS = ProbePath.concat(List.of(read(LoginDefs.PATH), read(PWQUALITY), list(PWQUALITY_D),
            read(PWQUALITY_D + "/*.conf"), read(PWHISTORY)), PamStackReader.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_PASSWORD_POLICY;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        PasswordPolicy.Builder out = PasswordPolicy.newBuilder();
        Optional<String> defs = ProbeFiles.readIfPresent(ctx, "password_policy.login_defs", LoginDefs.PATH);
        out.setLoginDefsPresent(defs.isPresent() || ctx.access().exists(LoginDefs.PATH));
        defs.ifPresent(t -> out.putAllLoginDefs(LoginDefs.parse(t)));

        Map<String, Setting> pwq = new LinkedHashMap<>();
        ProbeFiles.readIfPresent(ctx, "password_policy.pwquality", PWQUALITY).ifPresent(t -> pwq.putAll(KeyValueConf.parse(PWQUALITY, t)));
        // drop-ins are read after the main file in name order; a later file overrides an earlier one
        for (String name : ProbeFiles.listIfPresent(ctx, "password_policy.pwquality", PWQUALITY_D)) {
            if (name.endsWith(".conf")) {
                String p = ProbeFiles.join(PWQUALITY_D, name);
                ProbeFiles.readIfPresent(ctx, "password_policy.pwquality", p).ifPresent(t -> pwq.putAll(KeyValueConf.parse(p, t)));
            }
        }
        out.putAllPwquality(pwq);

        PamStackReader reader = new PamStackReader(ctx.access());
        for (String service : PASSWORD_STACKS) {
            // a stack we could not read must show as an error, not as "no policy"; the collector drops duplicates
            reader.read(service, ctx, "pam." + service);
        }
        // The policy in force is that of the stacks passwords are really changed through (passwd, and sshd for an
        // expired password): on the RHEL family they differ (system-auth vs password-auth), so the weaker decides.
        Policy decided = null;
        for (String service : PASSWORD_SERVICES) {
            PamStackReader.Result r = reader.read(service, ctx, "pam." + service);
            if (r.present()) {
                Policy p = policy(ctx, service, r.stack(), pwq);
                if (decided == null || p.weakerThan(decided)) {
                    decided = p;
                }
            }
        }
        if (decided == null) {
            // no service file (a minimal image): the system-wide stacks are all there is to judge
            for (String service : PASSWORD_STACKS) {
                PamStackReader.Result r = reader.read(service);
                if (!r.present()) {
                    continue;
                }
                Policy p = policy(ctx, "", r.stack(), pwq);
                if (decided == null || !p.module().isEmpty()) {
                    decided = p;
                }
                if (!p.module().isEmpty()) {
                    break;
                }
            }
        }
        if (decided != null) {
            out.setPasswordStack(decided.stack()).setPasswordService(decided.service()).setQualityModule(decided.module())
                    .putAllEffective(decided.effective());
        }
        facts.setPasswordPolicy(out);
    }

    /** One stack's password policy; {@code stack} names the file holding its quality line (or password lines). */
    record Policy(String service, String stack, String module, Map<String, Setting> effective) {
        boolean weakerThan(Policy other) {
            if (module.isEmpty() != other.module.isEmpty()) {
                return module.isEmpty();
            }
            return minlen() < other.minlen();
        }

        private long minlen() {
            Setting m = effective.get("minlen");
            return m != null && m.getValue().matches("[0-9]{1,9}") ? Long.parseLong(m.getValue()) : Long.MAX_VALUE;
        }
    }

    private static Policy policy(ProbeContext ctx, String service, PamStack stack, Map<String, Setting> pwq) {
        List<PamEntry> q = PamStackReader.entries(stack, "password", QUALITY_MODULES);
        PamEntry quality = q.isEmpty() ? null : q.get(0);
        Map<String, Setting> effective = new LinkedHashMap<>();
        if (quality != null) {
            defaults(quality.getModule(), effective);
            if (quality.getModule().equals("pam_pwquality")) {
                for (String k : EFFECTIVE_KEYS) {
                    if (pwq.containsKey(k)) {
                        effective.put(k, pwq.get(k));
                    }
                }
            }
            boolean passwdqc = quality.getModule().equals("pam_passwdqc");
            for (Map.Entry<String, String> o : quality.getOptionsMap().entrySet()) {
                String k = o.getKey();
                if (passwdqc || EFFECTIVE_KEYS.contains(k)) {
                    effective.put(k, Setting.newBuilder().setKey(k).setValue(o.getValue().isEmpty() ? "1" : o.getValue())
                            .setSource(quality.getSource()).build());
                }
            }
        }
        // pam_pwquality raises any minlen below its floor to 6: judge what the module enforces
        if (quality != null && quality.getModule().equals("pam_pwquality")) {
            floorMinlen(effective);
        }
        remember(ctx, stack, effective);
        return new Policy(service, stackName(stack, quality), quality == null ? "" : quality.getModule(), effective);
    }

    /**
     * The stack a policy is cited from: the file of the quality line, else the last system stack the service's
     * password lines come from (Debian's sshd → common-password), else the service itself.
     */
    private static String stackName(PamStack stack, PamEntry quality) {
        String name = stack.getService();
        if (quality != null) {
            return base(quality.getSource().getPath());
        }
        for (PamEntry e : stack.getEntriesList()) {
            if (e.getType().equals("password")) {
                name = base(e.getSource().getPath());
            }
        }
        return name;
    }

    private static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Documented defaults, so a rule can cite "not configured, module default N" (pam_pwquality(8), pam_cracklib(8)). */
    private static void defaults(String module, Map<String, Setting> effective) {
        switch (module) {
            case "pam_pwquality" -> {
                def(effective, module, "minlen", "8");
                def(effective, module, "minclass", "0");
                def(effective, module, "dcredit", "0");
                def(effective, module, "ucredit", "0");
                def(effective, module, "lcredit", "0");
                def(effective, module, "ocredit", "0");
                def(effective, module, "retry", "1");
            }
            case "pam_cracklib" -> {
                def(effective, module, "minlen", "9");
                def(effective, module, "minclass", "0");
                def(effective, module, "dcredit", "1");
                def(effective, module, "ucredit", "1");
                def(effective, module, "lcredit", "1");
                def(effective, module, "ocredit", "1");
                def(effective, module, "retry", "1");
            }
            default -> {
            }
        }
    }

    /** libpwquality raises a minlen below its floor (settings.c: value < PWQ_BASE_MIN_LENGTH, 6) to 6. */
    static final int PWQUALITY_MIN_LENGTH_FLOOR = 6;

    /** The length pam_pwquality really enforces: "minlen = 1" is 6, cited with the line that set it. */
    static void floorMinlen(Map<String, Setting> effective) {
        Setting m = effective.get("minlen");
        if (m == null || !m.getValue().strip().matches("-?[0-9]{1,9}") || Integer.parseInt(m.getValue().strip()) >= PWQUALITY_MIN_LENGTH_FLOOR) {
            return;
        }
        // the key carries the explanation, so evidence reads "minlen（配置为 1，…提高到 6） = 6"
        effective.put("minlen", m.toBuilder().setKey("minlen（配置为 " + m.getValue().strip() + "，pam_pwquality 将小于 "
                        + PWQUALITY_MIN_LENGTH_FLOOR + " 的 minlen 提高到 " + PWQUALITY_MIN_LENGTH_FLOOR + "）")
                .setValue(String.valueOf(PWQUALITY_MIN_LENGTH_FLOOR))
                .setSource(m.getSource().toBuilder().setExcerpt(m.getSource().getExcerpt().strip()
                        + "（pam_pwquality 将小于 " + PWQUALITY_MIN_LENGTH_FLOOR + " 的 minlen 提高到 " + PWQUALITY_MIN_LENGTH_FLOOR + "）"))
                .build());
    }

    static void def(Map<String, Setting> effective, String module, String key, String value) {
        effective.put(key, Setting.newBuilder().setKey(key).setValue(value)
                .setSource(Source.newBuilder().setPath("").setExcerpt(DEFAULT_SOURCE + "（" + module + " 未配置 " + key + "）")).build());
    }

    /** pam_pwhistory (base: pwhistory.conf, default 10) wins over pam_unix remember=. */
    private static void remember(ProbeContext ctx, PamStack stack, Map<String, Setting> effective) {
        List<PamEntry> history = PamStackReader.entries(stack, "password", List.of("pam_pwhistory"));
        if (!history.isEmpty()) {
            PamEntry h = history.get(0);
            if (h.containsOptions("remember")) {
                effective.put("remember", Setting.newBuilder().setKey("remember").setValue(h.getOptionsOrThrow("remember"))
                        .setSource(h.getSource()).build());
                return;
            }
            Optional<String> conf = ProbeFiles.readIfPresent(ctx, "password_policy.pwhistory", PWHISTORY);
            Setting fromConf = conf.map(t -> KeyValueConf.parse(PWHISTORY, t).get("remember")).orElse(null);
            if (fromConf != null) {
                effective.put("remember", fromConf);
            } else {
                def(effective, "pam_pwhistory", "remember", "10");
            }
            return;
        }
        for (PamEntry u : PamStackReader.entries(stack, "password", List.of("pam_unix"))) {
            if (u.containsOptions("remember")) {
                effective.put("remember", Setting.newBuilder().setKey("remember").setValue(u.getOptionsOrThrow("remember"))
                        .setSource(u.getSource()).build());
                return;
            }
        }
    }
}
