package cn.dengbao.sentinel.probes.services;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.ActiveUnits;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Service;
import cn.dengbao.sentinel.proto.Services;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services that start at boot, from every init mechanism a Chinese government server may still carry: systemd
 * enablement links, SysV runlevel links, inetd.conf and xinetd.d. Live, systemd's active units are added.
 */
public final class ServicesProbe implements Probe {
    public static final String FACT = "services";
    /**
     * Which units are running is a separate fact from which are enabled: in a container, or with systemd not
     * pid 1, systemctl cannot answer, yet the unit links still say what starts at boot. Rules that need the
     * running state require this key; rules about enabled services keep working.
     */
    public static final String RUNTIME_FACT = "services_runtime";
    private static final Set<String> UNIT_SUFFIXES = Set.of(".service", ".socket");
    private static final Pattern SYSV_START = Pattern.compile("S\\d{1,3}(.+)");
    private static final List<String> RC_DIRS = List.of("/etc/rc2.d", "/etc/rc3.d", "/etc/rc5.d",
            "/etc/rc.d/rc2.d", "/etc/rc.d/rc3.d", "/etc/rc.d/rc5.d");
    private static final Pattern XINETD_SERVICE = Pattern.compile("^\\s*service\\s+(\\S+)");
    private static final Pattern XINETD_DISABLE = Pattern.compile("^\\s*disable\\s*=\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    /** Boot enablement in every init mechanism, and what pid 1 is. */
    static final List<ProbePath> PATHS = ProbePath.concat(Systemd.PATHS,
            RC_DIRS.stream().map(ProbePath::list).toList(),
            List.of(read("/etc/inetd.conf"), list("/etc/xinetd.d"), read("/etc/xinetd.d/*"), read("/proc/1/comm"),
                    stat("/sbin/initctl"), stat("/etc/init"), stat("/etc/inittab"), stat("/etc/init.d"), stat("/etc/rc.d/init.d")));

    @Override
    public FactSection section() {
        return FactSection.SECTION_SERVICES;
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
        Map<String, Service.Builder> byKey = new LinkedHashMap<>();
        Systemd systemd = Systemd.of(ctx, FACT);
        systemd(ctx, systemd, byKey);
        sysv(ctx, systemd, byKey);
        inetd(ctx, byKey);
        xinetd(ctx, byKey);
        if (ctx.access().mode() != AccessMode.ROOT && systemd.present()) {
            active(ctx, byKey);
        }
        Services.Builder out = Services.newBuilder().setInitSystem(initSystem(ctx, systemd));
        byKey.values().forEach(out::addServices);
        facts.setServices(out);
    }

    private static void systemd(ProbeContext ctx, Systemd systemd, Map<String, Service.Builder> byKey) {
        for (Systemd.Enablement e : systemd.enablementLinks().values()) {
            String suffix = e.unit().substring(Math.max(0, e.unit().lastIndexOf('.')));
            if (!UNIT_SUFFIXES.contains(suffix)) {
                continue;
            }
            String name = unitName(e.unit());
            byKey.putIfAbsent("systemd:" + name, Service.newBuilder().setName(name).setManager("systemd")
                    .setEnabled(!systemd.masked(e.unit())).setSource(e.source()));
        }
        // Masked units that were not in a wants dir still deserve a line: "masked" is evidence of hardening.
        for (String unit : ProbeFiles.listIfPresent(ctx, FACT, Systemd.ETC)) {
            if (UNIT_SUFFIXES.stream().anyMatch(unit::endsWith) && systemd.masked(unit)) {
                String name = unitName(unit);
                byKey.computeIfAbsent("systemd:" + name, k -> Service.newBuilder().setName(name).setManager("systemd")
                        .setSource(ProbeContext.source(ProbeFiles.join(Systemd.ETC, unit), 0, "masked " + unit)))
                        .setEnabled(false);
            }
        }
    }

    private static void sysv(ProbeContext ctx, Systemd systemd, Map<String, Service.Builder> byKey) {
        for (String dir : RC_DIRS) {
            for (String entry : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
                Matcher m = SYSV_START.matcher(entry);
                if (m.matches()) {
                    String name = m.group(1);
                    // systemd ignores an init script when a native unit of the same name exists
                    if (systemd.present() && systemd.installed(name + ".service")) {
                        continue;
                    }
                    byKey.putIfAbsent("sysv:" + name, Service.newBuilder().setName(name).setManager("sysv").setEnabled(true)
                            .setSource(ProbeContext.source(ProbeFiles.join(dir, entry), 0, "start link " + entry)));
                }
            }
        }
    }

    private static void inetd(ProbeContext ctx, Map<String, Service.Builder> byKey) {
        String path = "/etc/inetd.conf";
        ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = line.text().strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String name = t.split("\\s+")[0];
                byKey.putIfAbsent("inetd:" + name, Service.newBuilder().setName(name).setManager("inetd").setEnabled(true)
                        .setSource(ProbeContext.source(path, line.number(), t)));
            }
        });
    }

    private static void xinetd(ProbeContext ctx, Map<String, Service.Builder> byKey) {
        String dir = "/etc/xinetd.d";
        for (String file : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
            String path = ProbeFiles.join(dir, file);
            Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
            if (text.isEmpty()) {
                continue;
            }
            String name = null;
            int nameLine = 0;
            boolean disabled = false;
            int disableLine = 0;
            String disableText = "";
            for (LogicalLine line : ConfigText.physicalLines(text.get())) {
                String t = ConfigText.stripComment(line.text());
                Matcher s = XINETD_SERVICE.matcher(t);
                if (s.find()) {
                    if (name != null) {
                        put(byKey, name, path, disabled, disableLine > 0 ? disableLine : nameLine, disableText);
                    }
                    name = s.group(1);
                    nameLine = line.number();
                    disabled = false;
                    disableLine = 0;
                    disableText = t;
                    continue;
                }
                Matcher d = XINETD_DISABLE.matcher(t);
                if (d.find()) {
                    disabled = d.group(1).equalsIgnoreCase("yes");
                    disableLine = line.number();
                    disableText = t;
                }
            }
            if (name != null) {
                put(byKey, name, path, disabled, disableLine > 0 ? disableLine : nameLine, disableText);
            }
        }
    }

    private static void put(Map<String, Service.Builder> byKey, String name, String path, boolean disabled, int line, String text) {
        byKey.put("xinetd:" + name, Service.newBuilder().setName(name).setManager("xinetd").setEnabled(!disabled)
                .setSource(ProbeContext.source(path, line, text)));
    }

    /** Units systemd reports active (shared query); a unit active but not enabled is listed too (static, dependency). */
    private static void active(ProbeContext ctx, Map<String, Service.Builder> byKey) {
        ActiveUnits.Outcome o = ActiveUnits.outcome(ctx);
        o.error().ifPresent(e -> ctx.error(RUNTIME_FACT, e));
        o.failed().ifPresent(r -> ctx.error(RUNTIME_FACT, "", ErrorKind.COMMAND_FAILED, "systemctl list-units exit " + r.exitCode()));
        String cmd = String.join(" ", FixedCommand.SYSTEMCTL_ACTIVE.argv());
        o.lines().forEach((name, line) -> byKey.computeIfAbsent("systemd:" + name, k -> Service.newBuilder().setName(name)
                .setManager("systemd").setSource(ProbeContext.commandSource(cmd, line))).setActive(true));
    }

    static String unitName(String unit) {
        return unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : unit;
    }

    static String initSystem(ProbeContext ctx, Systemd systemd) {
        if (ctx.access().mode() != AccessMode.ROOT) {
            Optional<String> comm = ProbeFiles.readQuietly(ctx.access(), "/proc/1/comm");
            // pid 1 is authoritative only when it is systemd; "init" may be sysvinit or upstart, and in a container
            // pid 1 is whatever was started, so fall back to the files.
            if (comm.isPresent() && comm.get().strip().equals("systemd")) {
                return "systemd";
            }
        }
        if (systemd.present()) {
            return "systemd";
        }
        if (ProbeFiles.anyExists(ctx.access(), "/sbin/initctl") && ProbeFiles.isDirectory(ctx.access(), "/etc/init")) {
            return "upstart";
        }
        if (ProbeFiles.anyExists(ctx.access(), "/etc/inittab", "/etc/init.d", "/etc/rc.d/init.d")) {
            return "sysvinit";
        }
        return "unknown";
    }
}
