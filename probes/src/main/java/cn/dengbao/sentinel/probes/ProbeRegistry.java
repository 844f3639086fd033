package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.accounts.AccountsProbe;
import cn.dengbao.sentinel.probes.files.FilePermissionsProbe;
import cn.dengbao.sentinel.probes.lockout.LoginLockoutProbe;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.probes.pam.PamProbe;
import cn.dengbao.sentinel.probes.password.PasswordPolicyProbe;
import cn.dengbao.sentinel.probes.session.SessionProbe;
import cn.dengbao.sentinel.probes.sshd.SshdProbe;
import cn.dengbao.sentinel.probes.sudoers.SudoersProbe;
import java.util.ArrayList;
import java.util.List;

/** Every probe the agent runs, in order. Add a probe here; nothing else discovers them. */
public final class ProbeRegistry {
    private ProbeRegistry() {
    }

    public static List<Probe> all() {
        return all(null);
    }

    /** Every probe, the packages probe using {@code pendingUpdatesCache} on the live host ({@code null}: no cache). */
    public static List<Probe> all(PendingUpdatesCache pendingUpdatesCache) {
        // system probes first: os and packages are read by later probes (declared by Probe.reads()), and processes
        // must be collected before the security and backup product checks that look for running agents
        List<Probe> probes = new ArrayList<>(SystemProbes.all(pendingUpdatesCache));
        probes.addAll(List.of(
                new AccountsProbe(),
                new PamProbe(),
                new PasswordPolicyProbe(),
                new LoginLockoutProbe(),
                new SessionProbe(),
                new SshdProbe(),
                new SudoersProbe(),
                new FilePermissionsProbe()));
        return List.copyOf(probes);
    }
}
