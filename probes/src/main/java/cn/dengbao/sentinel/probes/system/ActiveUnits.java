package cn.dengbao.sentinel.probes.system;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.proto.AccessMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Services systemd reports active, on a live host or over SSH; empty offline or when systemctl is unavailable.
 * The command runs once per collection and is shared by every probe; the services probe reports its failures.
 */
public final class ActiveUnits {
    /** What "systemctl list-units" gave: service name (without ".service") to its output line, or why it failed. */
    public record Outcome(Map<String, String> lines, Optional<CommandResult> failed, Optional<AccessException> error) {
        public Set<String> names() {
            return lines.keySet();
        }
    }

    private static final Outcome NOTHING = new Outcome(Map.of(), Optional.empty(), Optional.empty());
    private static final Map<ProbeContext, Outcome> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    /** The one command it runs. */
    public static final Set<FixedCommand> COMMANDS = Set.of(FixedCommand.SYSTEMCTL_ACTIVE);

    private ActiveUnits() {
    }

    public static Set<String> of(ProbeContext ctx) {
        return outcome(ctx).names();
    }

    public static Outcome outcome(ProbeContext ctx) {
        if (ctx.access().mode() == AccessMode.ROOT) {
            return NOTHING;
        }
        return CACHE.computeIfAbsent(ctx, ActiveUnits::query);
    }

    private static Outcome query(ProbeContext ctx) {
        try {
            CommandResult r = ctx.access().run(FixedCommand.SYSTEMCTL_ACTIVE);
            if (!r.ok()) {
                return new Outcome(Map.of(), Optional.of(r), Optional.empty());
            }
            Map<String, String> lines = new LinkedHashMap<>();
            for (String line : r.stdout().split("\r?\n")) {
                // "ssh.service loaded active running OpenBSD Secure Shell server"
                String[] f = line.strip().split("\\s+");
                if (f.length >= 3 && f[0].endsWith(".service") && f[2].equals("active")) {
                    lines.put(f[0].substring(0, f[0].length() - ".service".length()), line.strip());
                }
            }
            return new Outcome(Collections.unmodifiableMap(lines), Optional.empty(), Optional.empty());
        } catch (AccessException e) {
            return new Outcome(Map.of(), Optional.empty(), Optional.of(e));
        }
    }
}
