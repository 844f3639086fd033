package cn.dengbao.sentinel.probes.packages;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.os.OsProbe;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Source;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed packages (dpkg status or rpm), installed kernels against the running one, pending updates (live only,
 * from the package manager's own simulation) and when the package set last changed.
 */
public final class PackagesProbe implements Probe {
    public static final String FACT = "packages";
    static final List<String> RPM_DBS = List.of("/var/lib/rpm", "/usr/lib/sysimage/rpm");
    static final String DPKG_LOG = "/var/log/dpkg.log";
    /** "Inst name [old] (new origin [arch])"; the old version is absent for new packages. */
    private static final Pattern APT_INST = Pattern.compile("^Inst (\\S+)(?: \\[([^\\]]*)\\])? \\((\\S+)\\s*([^\\[)]*)(?:\\[([^\\]]*)\\])?\\)");
    private static final DateTimeFormatter DPKG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PendingUpdatesCache cache;

    public PackagesProbe() {
        this(null);
    }

    /** With a cache of the pending-updates answer, used on the live host only ({@code null}: always run the command). */
    public PackagesProbe(PendingUpdatesCache cache) {
        this.cache = cache;
    }

    /** The dpkg status and log, the rpm databases' files (their times), the installed kernels in /boot. */
    static final List<ProbePath> PATHS = ProbePath.concat(List.of(read(DpkgStatus.PATH), read(DPKG_LOG), list(RPM_DBS.get(0)), list(RPM_DBS.get(1)),
            stat(RPM_DBS.get(0) + "/*"), stat(RPM_DBS.get(1) + "/*"), list("/boot")), RpmDb.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_PACKAGES;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return Probe.union(RpmDb.COMMANDS, Set.of(FixedCommand.UNAME_R, FixedCommand.APT_SIMULATE_UPGRADE,
                FixedCommand.YUM_CHECK_UPDATE, FixedCommand.YUM_UPDATEINFO_SECURITY));
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_OS);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Packages.Builder out = Packages.newBuilder();
        long lastUpdate = 0;
        Optional<String> dpkg = ProbeFiles.readIfPresent(ctx, FACT, DpkgStatus.PATH, ProbeFiles.MAX_DATABASE_BYTES);
        Optional<String> rpmDb = RpmDb.dir(ctx.access());
        if (dpkg.isPresent()) {
            out.setManager("dpkg");
            out.addAllPackages(DpkgStatus.parse(dpkg.get()));
            out.setSource(ProbeContext.source(DpkgStatus.PATH, 0, out.getPackagesCount() + " installed packages"));
            lastUpdate = dpkgLastUpdate(ctx);
            if (lastUpdate == 0) {
                lastUpdate = ProbeFiles.stat(ctx.access(), DpkgStatus.PATH, true).map(FileStat::modifiedEpochMillis).orElse(0L) / 1000;
            }
        } else if (rpmDb.isPresent() || RpmDb.anyDir(ctx.access()).isPresent() || rpmFamily(facts)) {
            out.setManager("rpm");
            lastUpdate = rpm(ctx, rpmDb, out);
            if (lastUpdate == 0 && rpmDb.isPresent()) {
                lastUpdate = rpmDbMtime(ctx, rpmDb.get());
            }
        } else {
            ctx.error(FACT, DpkgStatus.PATH, ErrorKind.NOT_FOUND, "no dpkg status and no rpm database");
        }
        out.setLastUpdateEpochS(lastUpdate);
        kernels(ctx, facts, out);
        if (ctx.access().mode() != AccessMode.ROOT) {
            new PendingUpdates(ctx, ctx.access().mode() == AccessMode.LOCAL ? cache : null).collect(out);
        }
        facts.setPackages(out);
    }

    /** RHEL-like or SUSE by os-release: such a root always has an RPM database, found or not. */
    private static boolean rpmFamily(Facts.Builder facts) {
        OsFamily f = facts.getOs().getFamily();
        return f == OsFamily.RHEL || f == OsFamily.SUSE;
    }

    /**
     * Reads the installed packages with rpm; returns the newest install time. An offline root tries every directory
     * that holds a database (the scanner's own rpm default is never used). No package read is a collection error
     * naming every path tried and what rpm said — never an empty list, which rules would judge as "nothing installed".
     */
    private static long rpm(ProbeContext ctx, Optional<String> rpmDb, Packages.Builder out) {
        boolean offline = ctx.access().mode() == AccessMode.ROOT;
        List<String> dirs = offline ? RpmDb.withDatabase(ctx.access()) : rpmDb.map(List::of).orElse(List.of());
        List<String> tried = new ArrayList<>();
        ErrorKind kind = ErrorKind.NOT_FOUND;
        for (String dir : dirs) {
            FixedCommand cmd = RpmDb.command(ctx.access(), dir);
            String argv = String.join(" ", cmd.argv());
            try {
                CommandResult r = ctx.access().run(cmd);
                if (!r.ok()) {
                    kind = ErrorKind.COMMAND_FAILED;
                    tried.add(dir + "：rpm exit " + r.exitCode() + (r.stderr().isBlank() ? "" : "（" + ProbeContext.excerpt(r.stderr().strip()) + "）"));
                    continue;
                }
                List<RpmOutput.Installed> read = RpmOutput.parseQa(r.stdout());
                if (read.isEmpty()) {
                    // an RPM host always has packages: an empty answer means the database was not read
                    kind = kind == ErrorKind.COMMAND_FAILED ? kind : ErrorKind.MALFORMED;
                    tried.add(dir + "：读出 0 个已安装软件包（" + argv + "）");
                    continue;
                }
                long newest = 0;
                for (RpmOutput.Installed i : read) {
                    out.addPackages(i.pkg());
                    newest = Math.max(newest, i.installTime());
                }
                out.setSource(ProbeContext.commandSource(argv, out.getPackagesCount() + " installed packages"));
                return newest;
            } catch (AccessException e) {
                if (e.kind() == ErrorKind.COMMAND_ABSENT && offline) {
                    ctx.error(FACT, dir, e.kind(), "离线根目录含 RPM 数据库 " + dir + "，但扫描主机未安装 rpm，无法读取"
                            + "（Debian/Ubuntu 扫描主机：apt-get install rpm）：" + e.getMessage());
                } else {
                    ctx.error(FACT, e);
                }
                return 0;
            }
        }
        String path = dirs.isEmpty() ? RpmDb.VAR_LIB : dirs.get(0);
        String why = dirs.isEmpty()
                ? "未在 " + String.join("、", RpmDb.DIRS) + " 下找到 RPM 数据库文件（rpmdb.sqlite / Packages / Packages.db）"
                : "RPM 数据库未读出任何已安装软件包（格式或路径不符；BerkeleyDB Packages 需 rpm ≥ 4.16 的 bdb_ro）——" + String.join("；", tried);
        ctx.error(FACT, path, kind, why + "，软件包相关结论无法判定");
        return 0;
    }

    private static long dpkgLastUpdate(ProbeContext ctx) {
        long newest = 0;
        String log = ProbeFiles.readIfPresent(ctx, FACT, DPKG_LOG, 32 * 1024 * 1024).orElse("");
        for (String line : log.split("\n")) {
            if (line.length() > 20 && line.startsWith(" status installed ", 19)) {
                try {
                    long t = LocalDateTime.parse(line.substring(0, 19), DPKG_TIME).toEpochSecond(ZoneOffset.UTC);
                    newest = Math.max(newest, t);
                } catch (DateTimeParseException e) {
                    // a garbled line does not invalidate the others
                }
            }
        }
        return newest;
    }

    private static long rpmDbMtime(ProbeContext ctx, String dir) {
        long newest = 0;
        for (String name : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
            newest = Math.max(newest, ProbeFiles.stat(ctx.access(), ProbeFiles.join(dir, name), true)
                    .map(FileStat::modifiedEpochMillis).orElse(0L));
        }
        return newest / 1000;
    }

    private static void kernels(ProbeContext ctx, Facts.Builder facts, Packages.Builder out) {
        Set<String> kernels = new LinkedHashSet<>();
        for (Package p : out.getPackagesList()) {
            String n = p.getName();
            if (n.startsWith("linux-image-") && n.length() > 12 && Character.isDigit(n.charAt(12))) {
                kernels.add(n.substring(12));
            } else if (n.equals("kernel") || n.equals("kernel-core") || n.equals("kernel-default") || n.equals("kernel-uek")) {
                kernels.add(p.getArch().isEmpty() ? p.getVersion() : p.getVersion() + "." + p.getArch());
            }
        }
        if (kernels.isEmpty()) {
            for (String name : ProbeFiles.listIfPresent(ctx, FACT, "/boot")) {
                if (name.startsWith("vmlinuz-") && !name.contains("rescue")) {
                    kernels.add(name.substring(8));
                }
            }
        }
        List<String> sorted = new ArrayList<>(kernels);
        sorted.sort(VersionOrder.INSTANCE);
        out.addAllInstalledKernels(sorted);
        if (!sorted.isEmpty()) {
            out.setNewestInstalledKernel(sorted.get(sorted.size() - 1));
        }
        String running = facts.getOs().getKernelRelease();
        if (running.isEmpty()) {
            running = OsProbe.runningKernel(ctx).orElse("");
        }
        out.setRunningKernel(running);
    }

    /** Pending updates from the package manager's own simulation, served from the cache when its inputs are unchanged. */
    private static final class PendingUpdates {
        private final ProbeContext ctx;
        private final PendingUpdatesCache cache;
        private final List<String> commands = new ArrayList<>();

        PendingUpdates(ProbeContext ctx, PendingUpdatesCache cache) {
            this.ctx = ctx;
            this.cache = cache;
        }

        void collect(Packages.Builder out) {
            if (out.getManager().equals("dpkg")) {
                run(FixedCommand.APT_SIMULATE_UPGRADE, PendingUpdatesCache.APT_INPUTS, 0).ifPresent(r -> {
                    if (r.ok()) {
                        parseApt(r.stdout(), out);
                        out.setPendingUpdatesKnown(true);
                    } else {
                        ctx.error(FACT, "", ErrorKind.COMMAND_FAILED, "apt-get -s upgrade exit " + r.exitCode());
                    }
                });
            } else if (out.getManager().equals("rpm")) {
                // check-update exits 100 when updates are available, 0 when none
                run(FixedCommand.YUM_CHECK_UPDATE, PendingUpdatesCache.RPM_INPUTS, 100).ifPresent(r -> {
                    if (r.exitCode() == 0 || r.exitCode() == 100) {
                        out.addAllPendingUpdates(RpmOutput.parseCheckUpdate(r.stdout()));
                        out.setPendingUpdatesKnown(true);
                    } else {
                        ctx.error(FACT, "", ErrorKind.COMMAND_FAILED, "yum check-update exit " + r.exitCode());
                    }
                });
                run(FixedCommand.YUM_UPDATEINFO_SECURITY, PendingUpdatesCache.RPM_INPUTS, 0).ifPresent(r -> {
                    if (r.ok()) {
                        out.addAllPendingSecurityUpdates(RpmOutput.parseUpdateInfo(r.stdout()));
                        out.setPendingUpdatesKnown(true);
                    } else {
                        ctx.error(FACT, "", ErrorKind.COMMAND_FAILED, "yum updateinfo exit " + r.exitCode());
                    }
                });
            }
            if (!commands.isEmpty()) {
                // the evidence says which command answered, and when a cached answer was used, from when
                Source.Builder src = out.getSource().toBuilder();
                List<String> all = new ArrayList<>();
                if (!src.getCommand().isEmpty()) {
                    all.add(src.getCommand());
                }
                all.addAll(commands);
                out.setSource(src.setCommand(String.join("; ", all)));
            }
        }

        /** Runs {@code cmd}, or reuses its cached answer; only answers with exit 0 or {@code alsoOk} are cached. */
        private Optional<CommandResult> run(FixedCommand cmd, List<String> inputs, int alsoOk) {
            String text = String.join(" ", cmd.argv());
            String key = cache == null ? null : cache.key(cmd, inputs);
            if (cache != null) {
                Optional<PendingUpdatesCache.Hit> hit = cache.get(cmd, key);
                if (hit.isPresent()) {
                    commands.add(text + " (cached " + java.time.Instant.ofEpochMilli(hit.get().createdAtEpochMs()) + ")");
                    return Optional.of(hit.get().result());
                }
            }
            Optional<CommandResult> r = PackagesProbe.run(ctx, cmd);
            if (r.isPresent()) {
                commands.add(text);
                if (cache != null && (r.get().ok() || r.get().exitCode() == alsoOk)) {
                    cache.put(key, r.get());
                }
            }
            return r;
        }
    }

    static void parseApt(String stdout, Packages.Builder out) {
        for (String line : stdout.split("\r?\n")) {
            Matcher m = APT_INST.matcher(line);
            if (!m.find()) {
                continue;
            }
            String origin = m.group(4) == null ? "" : m.group(4);
            Package p = Package.newBuilder().setName(m.group(1)).setVersion(m.group(3))
                    .setArch(m.group(5) == null ? "" : m.group(5)).build();
            out.addPendingUpdates(p);
            if (origin.toLowerCase(java.util.Locale.ROOT).contains("security")) {
                out.addPendingSecurityUpdates(p);
            }
        }
    }

    private static Optional<CommandResult> run(ProbeContext ctx, FixedCommand cmd) {
        try {
            return Optional.of(ctx.access().run(cmd));
        } catch (AccessException e) {
            ctx.error(FACT, e);
            return Optional.empty();
        }
    }
}
