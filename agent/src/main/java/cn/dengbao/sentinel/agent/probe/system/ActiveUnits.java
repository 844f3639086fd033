package cn.dengbao.sentinel.agent.probe.system;

import cn.dengbao.sentinel.agent.access.AccessException;
import cn.dengbao.sentinel.agent.access.CommandResult;
import cn.dengbao.sentinel.agent.access.FixedCommand;
import cn.dengbao.sentinel.agent.probe.ProbeContext;
import cn.dengbao.sentinel.proto.AccessMode;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Service names (without ".service") systemd reports active, on a live host or over SSH; empty offline or when
 * systemctl is unavailable. Asked once per collection; the services probe reports failures of the command.
 */
public final class ActiveUnits {
    private static final Map<ProbeContext, Set<String>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private ActiveUnits() {
    }

    public static Set<String> of(ProbeContext ctx) {
        if (ctx.access().mode() == AccessMode.ROOT) {
            return Set.of();
        }
        return CACHE.computeIfAbsent(ctx, ActiveUnits::query);
    }

    private static Set<String> query(ProbeContext ctx) {
        Set<String> names = new HashSet<>();
        try {
            CommandResult r = ctx.access().run(FixedCommand.SYSTEMCTL_ACTIVE);
            if (r.ok()) {
                for (String line : r.stdout().split("\r?\n")) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length >= 3 && f[0].endsWith(".service") && f[2].equals("active")) {
                        names.add(f[0].substring(0, f[0].length() - ".service".length()));
                    }
                }
            }
        } catch (AccessException e) {
            // absent systemctl: nothing is known to be active
        }
        return names;
    }
}
