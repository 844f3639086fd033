package cn.dengbao.sentinel.probes.system;

import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.ProbeContext;
import java.util.regex.Pattern;

/** SysV start links, for hosts (or services) that systemd enablement does not describe. */
public final class SysvInit {
    private static final String[] RC_DIRS = {"/etc/rc3.d", "/etc/rc.d/rc3.d", "/etc/rc2.d", "/etc/rc.d/rc2.d", "/etc/rc5.d", "/etc/rc.d/rc5.d"};

    private SysvInit() {
    }

    public static boolean enabled(ProbeContext ctx, String service) {
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
