package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.audit.AuditProbe;
import cn.dengbao.sentinel.probes.backup.BackupProbe;
import cn.dengbao.sentinel.probes.boot.TrustedBootProbe;
import cn.dengbao.sentinel.probes.firewall.FirewallProbe;
import cn.dengbao.sentinel.probes.live.ListeningPortsProbe;
import cn.dengbao.sentinel.probes.live.ProcessesProbe;
import cn.dengbao.sentinel.probes.mac.MacProbe;
import cn.dengbao.sentinel.probes.os.OsProbe;
import cn.dengbao.sentinel.probes.packages.PackagesProbe;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.probes.security.SecuritySoftwareProbe;
import cn.dengbao.sentinel.probes.services.ServicesProbe;
import cn.dengbao.sentinel.probes.timesync.TimeSyncProbe;
import java.util.List;

/**
 * The system probes, in the order they should run: os first (others reuse the running kernel and command line),
 * packages before the probes that ask "is X installed", processes before the product detectors that look for
 * running agents. Those reads are declared by {@link Probe#reads()}, which is what keeps the order when the
 * collector runs probes concurrently. Register with {@code registry.addAll(SystemProbes.all())}.
 */
public final class SystemProbes {
    private SystemProbes() {
    }

    public static List<Probe> all() {
        return all(null);
    }

    /** With a cache for the pending-updates command on the live host ({@code null}: none). */
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
                new BackupProbe());
    }
}
