package cn.dengbao.sentinel.probes.system;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd would start at boot, read from the unit files rather than asked from systemctl, so the same
 * answer comes from a live host, an image or SSH. A unit is enabled when an administrator's link for it sits
 * in a {@code *.wants/} or {@code *.requires/} directory under /etc/systemd/system, or a package's link in the
 * same directories of /usr/lib/systemd/system (static enablement), or when its socket or timer is enabled
 * (it then starts on demand) — unless it is masked (its unit path in /etc/systemd/system is a link to /dev/null
 * or an empty file, which systemd ignores).
 */
public final class Systemd {
    public static final String ETC = "/etc/systemd/system";
    /** Package unit directories whose wants links enable a unit statically (no [Install] needed, not disableable). */
    static final List<String> VENDOR_DIRS = List.of("/usr/lib/systemd/system", "/lib/systemd/system");
    public static final List<String> UNIT_DIRS = List.of(
            "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system", "/lib/systemd/system");
    /**
     * What reading boot enablement touches: systemd's own files, the wants/requires links, and the unit files in
     * every unit directory (stat for "installed" and "masked", read for a unit's settings).
     */
    public static final List<ProbePath> PATHS = ProbePath.concat(
            List.of(stat("/lib/systemd/systemd"), stat("/usr/lib/systemd/systemd"), stat("/run/systemd/system"),
                    list(ETC), list(ETC + "/*.wants"), list(ETC + "/*.requires"),
                    stat(ETC + "/*.wants/*"), stat(ETC + "/*.requires/*")),
            UNIT_DIRS.stream().map(d -> read(d + "/*")).toList(),
            VENDOR_DIRS.stream().flatMap(d -> java.util.stream.Stream.of(list(d), list(d + "/*.wants"), stat(d + "/*.wants/*"))).toList());

    /** One enablement link: the unit and the target directory that wants it. */
    public record Enablement(String unit, String wantsDir, Source source) {
    }

    private final HostAccess access;
    private final Map<String, Enablement> enabled = new LinkedHashMap<>();
    private final Map<String, Enablement> vendor = new LinkedHashMap<>();
    private final boolean present;

    private Systemd(ProbeContext ctx, String fact) {
        this.access = ctx.access();
        this.present = ProbeFiles.anyExists(access, "/lib/systemd/systemd", "/usr/lib/systemd/systemd",
                "/run/systemd/system") || ProbeFiles.isDirectory(access, ETC);
        for (String dir : ProbeFiles.listIfPresent(ctx, fact, ETC)) {
            if (!(dir.endsWith(".wants") || dir.endsWith(".requires"))) {
                continue;
            }
            String wantsDir = ProbeFiles.join(ETC, dir);
            for (String unit : ProbeFiles.listIfPresent(ctx, fact, wantsDir)) {
                enabled.putIfAbsent(unit, new Enablement(unit, wantsDir,
                        ProbeContext.source(ProbeFiles.join(wantsDir, unit), 0, "link " + dir + "/" + unit)));
            }
        }
        if (present) {
            vendorLinks(ctx, fact);
        }
    }

    /** Static enablement by a package: multi-user.target.wants/ links in the package unit directories. */
    private void vendorLinks(ProbeContext ctx, String fact) {
        for (String base : VENDOR_DIRS) {
            for (String dir : ProbeFiles.listIfPresent(ctx, fact, base)) {
                if (dir.endsWith(".target.wants") && BOOT_TARGETS.contains(dir.substring(0, dir.length() - ".wants".length()))) {
                    String wantsDir = ProbeFiles.join(base, dir);
                    for (String unit : ProbeFiles.listIfPresent(ctx, fact, wantsDir)) {
                        vendor.putIfAbsent(unit, new Enablement(unit, wantsDir,
                                ProbeContext.source(ProbeFiles.join(wantsDir, unit), 0, "static link " + dir + "/" + unit)));
                    }
                }
            }
        }
    }

    /** Targets a server reaches at boot: a package's link into one of them starts the unit. */
    static final java.util.Set<String> BOOT_TARGETS = java.util.Set.of("multi-user.target", "sysinit.target",
            "basic.target", "sockets.target", "timers.target", "graphical.target");

    /** Reads the enablement links once; probes share the reader through {@link #of}. */
    public static Systemd of(ProbeContext ctx, String fact) {
        return new Systemd(ctx, fact);
    }

    public boolean present() {
        return present;
    }

    /** Every unit with an enablement link (masked ones included; check {@link #masked}). */
    public Map<String, Enablement> enablementLinks() {
        return enabled;
    }

    /** True when any of the given unit names (e.g. "auditd.service") is linked from a wants dir and not masked. */
    public boolean enabled(String... units) {
        return enablement(units).isPresent();
    }

    /**
     * The link that makes the first of {@code units} start at boot: its own wants link (administrator's, then a
     * package's static one), else, for a service, its enabled socket or timer (socket activation / timer start it).
     * A masked unit never starts, whatever links it has.
     */
    public Optional<Enablement> enablement(String... units) {
        for (String u : units) {
            String unit = u.contains(".") ? u : u + ".service";
            if (masked(unit)) {
                continue;
            }
            Optional<Enablement> own = link(unit);
            if (own.isPresent()) {
                return own;
            }
            if (unit.endsWith(".service")) {
                String base = unit.substring(0, unit.length() - ".service".length());
                for (String trigger : List.of(base + ".socket", base + ".timer")) {
                    if (!masked(trigger)) {
                        Optional<Enablement> t = link(trigger);
                        if (t.isPresent()) {
                            return t;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Enablement> link(String unit) {
        Enablement e = enabled.get(unit);
        return Optional.ofNullable(e != null ? e : vendor.get(unit)).filter(this::loadable);
    }

    /**
     * systemd starts a wanted unit only if it can load it (otherwise "Unit ... not found"): a package removed
     * without purge leaves its wants link and its configuration (rsyslog.conf's @@ forward) behind, and starts
     * nothing. Loadable: a unit file of that name (or its template, for name@instance) in a unit directory, or
     * the link leads to a unit file elsewhere ({@code systemctl link}).
     */
    private boolean loadable(Enablement e) {
        String unit = e.unit();
        int at = unit.indexOf('@');
        if (unitFile(unit).isPresent()
                || at > 0 && unitFile(unit.substring(0, at + 1) + unit.substring(unit.lastIndexOf('.'))).isPresent()) {
            return true;
        }
        Optional<FileStat> target = ProbeFiles.stat(access, e.source().getPath(), true);
        return target.isPresent() && target.get().regularFile();
    }

    /** Masked: the unit's admin path is a link that does not lead to a regular file (/dev/null), or an empty file. */
    public boolean masked(String unit) {
        for (String dir : List.of(ETC, "/run/systemd/system")) {
            String path = ProbeFiles.join(dir, unit);
            Optional<FileStat> own = ProbeFiles.stat(access, path, false);
            if (own.isEmpty()) {
                continue;
            }
            if (own.get().symbolicLink()) {
                // /dev/null is a character device live; in an image root it is usually absent or outside the root.
                Optional<FileStat> target = ProbeFiles.stat(access, path, true);
                return target.isEmpty() || !target.get().regularFile() && !target.get().directory();
            }
            return own.get().regularFile() && own.get().size() == 0;
        }
        return false;
    }

    /** Path of the unit file systemd would load, in its search order. */
    public Optional<String> unitFile(String unit) {
        for (String dir : UNIT_DIRS) {
            String path = ProbeFiles.join(dir, unit);
            Optional<FileStat> st = ProbeFiles.stat(access, path, true);
            if (st.isPresent() && st.get().regularFile()) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Whether a unit file exists anywhere (installed), masked or not. */
    public boolean installed(String unit) {
        for (String dir : UNIT_DIRS) {
            if (ProbeFiles.stat(access, ProbeFiles.join(dir, unit), false).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Values of one key in a unit file's [section] (e.g. Service/ExecStart), in order. */
    public List<LogicalLine> unitValues(ProbeContext ctx, String fact, String path, String section, String key) {
        List<LogicalLine> out = new ArrayList<>();
        String text = ProbeFiles.readIfPresent(ctx, fact, path).orElse("");
        String current = "";
        for (LogicalLine line : ConfigText.physicalLines(text)) {
            String t = line.text().strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                current = t.substring(1, t.length() - 1);
                continue;
            }
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0 && current.equals(section) && t.substring(0, eq).strip().equals(key)) {
                out.add(new LogicalLine(line.number(), t.substring(eq + 1).strip()));
            }
        }
        return out;
    }
}
