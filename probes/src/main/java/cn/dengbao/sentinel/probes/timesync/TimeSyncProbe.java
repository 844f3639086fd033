package cn.dengbao.sentinel.probes.timesync;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.ActiveUnits;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.probes.system.SysvInit;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.TimeSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Time synchronisation: chrony, ntpd, systemd-timesyncd. The daemon reported is the one enabled at boot (or
 * active live); its configured servers are the evidence.
 */
public final class TimeSyncProbe implements Probe {
    public static final String FACT = "time_sync";

    /** One candidate daemon: name, units that enable it, config files (globs allowed), how servers are written. */
    private record Daemon(String name, List<String> units, List<String> configs, boolean keyValue) {
    }

    private static final List<Daemon> DAEMONS = List.of(
            new Daemon("chronyd", List.of("chronyd", "chrony"), List.of("/etc/chrony.conf", "/etc/chrony/chrony.conf",
                    "/etc/chrony/conf.d/*.conf", "/etc/chrony/sources.d/*.sources"), false),
            new Daemon("ntpd", List.of("ntpd", "ntp", "ntpsec"), List.of("/etc/ntp.conf", "/etc/ntpsec/ntp.conf"), false),
            new Daemon("systemd-timesyncd", List.of("systemd-timesyncd"), List.of("/etc/systemd/timesyncd.conf",
                    "/etc/systemd/timesyncd.conf.d/*.conf"), true));

    /** Every candidate daemon's configuration, and how each is enabled. */
    static final List<ProbePath> PATHS = ProbePath.concat(
            DAEMONS.stream().flatMap(d -> d.configs().stream()).map(ProbePath::read).toList(), Systemd.PATHS, SysvInit.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_TIME_SYNC;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return ActiveUnits.COMMANDS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Systemd systemd = Systemd.of(ctx, FACT);
        Set<String> active = ActiveUnits.of(ctx);
        TimeSync.Builder out = TimeSync.newBuilder();
        // A full NTP daemon listed first wins: systemd-timesyncd stands down when chrony or ntpd is present.
        Daemon chosen = null;
        for (Daemon d : DAEMONS) {
            if (d.units().stream().anyMatch(u -> systemd.enabled(u + ".service") || SysvInit.enabled(ctx, systemd, u) || active.contains(u))) {
                chosen = d;
                out.setEnabled(true);
                break;
            }
        }
        List<Setting> servers = chosen == null ? List.of() : servers(ctx, chosen);
        if (chosen == null) {
            // nothing enabled: still report what is configured, so the finding can say "configured but not enabled"
            for (Daemon d : DAEMONS) {
                servers = servers(ctx, d);
                if (!servers.isEmpty()) {
                    chosen = d;
                    break;
                }
            }
        }
        if (chosen != null) {
            out.setDaemon(chosen.name()).addAllServers(servers);
        }
        facts.setTimeSync(out);
    }

    private static List<Setting> servers(ProbeContext ctx, Daemon d) {
        List<Setting> out = new ArrayList<>();
        for (String pattern : d.configs()) {
            List<String> paths = Glob.hasWildcard(pattern) ? ProbeFiles.glob(ctx, FACT, pattern) : List.of(pattern);
            for (String path : paths) {
                ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> {
                    for (LogicalLine line : ConfigText.physicalLines(text)) {
                        String t = ConfigText.stripComment(line.text());
                        if (d.keyValue()) {
                            // timesyncd: NTP=a b c, FallbackNTP=...
                            int eq = t.indexOf('=');
                            if (eq > 0 && (t.startsWith("NTP=") || t.startsWith("FallbackNTP="))) {
                                for (String host : t.substring(eq + 1).strip().split("\\s+")) {
                                    if (!host.isEmpty()) {
                                        out.add(Setting.newBuilder().setKey(t.substring(0, eq)).setValue(host)
                                                .setSource(ProbeContext.source(path, line.number(), t)).build());
                                    }
                                }
                            }
                        } else {
                            String[] w = t.split("\\s+");
                            if (w.length >= 2 && (w[0].equals("server") || w[0].equals("pool") || w[0].equals("peer"))) {
                                out.add(Setting.newBuilder().setKey(w[0]).setValue(w[1])
                                        .setSource(ProbeContext.source(path, line.number(), t)).build());
                            }
                        }
                    }
                });
            }
        }
        return out;
    }
}
