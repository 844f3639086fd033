package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.accounts.AccountsProbe;
import cn.dengbao.sentinel.probes.audit.AuditProbe;
import cn.dengbao.sentinel.probes.backup.BackupProbe;
import cn.dengbao.sentinel.probes.boot.TrustedBootProbe;
import cn.dengbao.sentinel.probes.files.FilePermissionsProbe;
import cn.dengbao.sentinel.probes.firewall.FirewallProbe;
import cn.dengbao.sentinel.probes.live.ListeningPortsProbe;
import cn.dengbao.sentinel.probes.live.ProcessesProbe;
import cn.dengbao.sentinel.probes.lockout.LoginLockoutProbe;
import cn.dengbao.sentinel.probes.mac.MacProbe;
import cn.dengbao.sentinel.probes.os.OsProbe;
import cn.dengbao.sentinel.probes.packages.PackagesProbe;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.probes.pam.PamProbe;
import cn.dengbao.sentinel.probes.password.PasswordPolicyProbe;
import cn.dengbao.sentinel.probes.security.SecuritySoftwareProbe;
import cn.dengbao.sentinel.probes.services.ServicesProbe;
import cn.dengbao.sentinel.probes.session.SessionProbe;
import cn.dengbao.sentinel.probes.sshd.SshdProbe;
import cn.dengbao.sentinel.probes.sudoers.SudoersProbe;
import cn.dengbao.sentinel.probes.timesync.TimeSyncProbe;
import java.util.List;
import java.util.Set;

/**
 * Every probe the agent runs, in order. Add a probe here (and nowhere else: what it reads is declared by the probe
 * itself, see {@link Probe#paths()}); nothing else discovers them.
 *
 * <p>The order matters where a probe reads another's section ({@link Probe#reads()}): the collector runs probes
 * concurrently, and a reader waits only for the EARLIER probes that fill what it reads. So os comes first (others
 * reuse the running kernel), packages before the probes that ask "is X installed", processes before the product
 * detectors that look for running agents.
 */
public final class ProbeRegistry {
    private ProbeRegistry() {
    }

    public static List<Probe> all() {
        return all(null);
    }

    /** Every probe, the packages probe using {@code pendingUpdatesCache} on the live host ({@code null}: no cache). */
    public static List<Probe> all(PendingUpdatesCache pendingUpdatesCache) {
        return List.of(
                new OsProbe(),
                new PackagesProbe(pendingUpdatesCache),
                new ServicesProbe(),
                new ProcessesProbe(),
                new ListeningPortsProbe(),
                new AuditProbe(),
                new FirewallProbe(),
                new MacProbe(),
                new SecuritySoftwareProbe(),
                new TrustedBootProbe(),
                new TimeSyncProbe(),
                new BackupProbe(),
                new AccountsProbe(),
                new PamProbe(),
                new PasswordPolicyProbe(),
                new LoginLockoutProbe(),
                new SessionProbe(),
                new SshdProbe(),
                new SudoersProbe(),
                new FilePermissionsProbe());
    }

    /**
     * Every path the probes and the collector's host header touch, each once. What an SSH scan fetches with one
     * sudo, and what the SSH benchmark's file scanner reads, are derived from this, never listed by hand.
     */
    public static List<ProbePath> paths() {
        return ProbePath.concat(FactsCollector.HOST_PATHS, all().stream().flatMap(p -> p.paths().stream()).toList());
    }

    /** Every fixed command the probes and the collector's host header may run. */
    public static Set<FixedCommand> commands() {
        return all().stream().map(Probe::commands).reduce(FactsCollector.HOST_COMMANDS, Probe::union);
    }
}
