package cn.dengbao.sentinel.probes.system;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SysV start links, for hosts (or services) that systemd enablement does not describe. On a systemd host the
 * sysv generator makes a unit only for a script without a native unit of the same name, so the rc?.d links of a
 * service that has a native .service are ignored there (a disabled auditd with leftover S..auditd links is off).
 */
public final class SysvInit {
    private static final String[] RC_DIRS = {"/etc/rc3.d", "/etc/rc.d/rc3.d", "/etc/rc2.d", "/etc/rc.d/rc2.d", "/etc/rc5.d", "/etc/rc.d/rc5.d"};
    /** The runlevel directories whose start links it lists. */
    public static final List<ProbePath> PATHS = Arrays.stream(RC_DIRS).map(ProbePath::list).toList();

    private SysvInit() {
    }

    public static boolean enabled(ProbeContext ctx, Systemd systemd, String service) {
        if (systemd.present() && systemd.installed(service + ".service")) {
            return false;
        }
        Pattern p = Pattern.compile("S\\d{1,3}" + Pattern.quote(service));
        for (String dir : RC_DIRS) {
            for (String entry : ProbeFiles.listIfPresent(ctx, "services", dir)) {
                if (p.matcher(entry).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
