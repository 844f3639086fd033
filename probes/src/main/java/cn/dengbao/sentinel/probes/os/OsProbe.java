package cn.dengbao.sentinel.probes.os;

import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Distribution from os-release; running kernel, architecture, uptime and kernel command line only from a live
 * host. Offline, the newest /boot/vmlinuz is not the running kernel, so kernel_release stays empty.
 */
public final class OsProbe implements Probe {
    public static final String FACT = "os";
    static final List<String> OS_RELEASE = List.of("/etc/os-release", "/usr/lib/os-release");

    /** os-release; live (local or SSH), the running kernel's view from /proc. */
    static final List<ProbePath> PATHS = List.of(read("/etc/os-release"), read("/usr/lib/os-release"), read("/proc/cmdline"),
            read("/proc/sys/kernel/osrelease"), read("/proc/uptime"), read("/proc/stat"));

    @Override
    public FactSection section() {
        return FactSection.SECTION_OS;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return Set.of(FixedCommand.UNAME_R);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        OsInfo.Builder os = OsInfo.newBuilder().setFamily(cn.dengbao.sentinel.proto.OsFamily.OTHER_LINUX);
        boolean found = false;
        for (String path : OS_RELEASE) {
            Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
            if (text.isEmpty()) {
                continue;
            }
            Map<String, LogicalLine> kv = OsRelease.parse(text.get());
            String id = get(kv, "ID");
            List<String> idLike = Arrays.stream(get(kv, "ID_LIKE").split("\\s+")).filter(s -> !s.isEmpty()).toList();
            os.setId(id).addAllIdLike(idLike).setVersionId(get(kv, "VERSION_ID"))
                    .setPrettyName(get(kv, "PRETTY_NAME")).setFamily(OsRelease.family(id, idLike));
            LogicalLine idLine = kv.get("ID");
            os.setSource(ProbeContext.source(path, idLine == null ? 0 : idLine.number(), "ID=" + id));
            found = true;
            break;
        }
        if (!found) {
            ctx.error(FACT, OS_RELEASE.get(0), ErrorKind.NOT_FOUND, "neither /etc/os-release nor /usr/lib/os-release");
        }
        switch (ctx.access().mode()) {
            case LOCAL -> live(ctx, os);
            case SSH -> overSsh(ctx, os);
            default -> {
                // offline root: nothing about the running system can be known
            }
        }
        facts.setOs(os);
    }

    private static void live(ProbeContext ctx, OsInfo.Builder os) {
        try {
            var system = new oshi.SystemInfo().getOperatingSystem();
            os.setKernelRelease(nullToEmpty(system.getVersionInfo().getBuildNumber()));
            os.setUptimeSeconds(system.getSystemUptime());
            os.setBootTimeEpochS(system.getSystemBootTime());
        } catch (RuntimeException | LinkageError e) {
            ctx.error(FACT, "", ErrorKind.IO_ERROR, "OSHI: " + e.getClass().getSimpleName());
            runningKernel(ctx).ifPresent(os::setKernelRelease);
        }
        os.setArch(normalizeArch(System.getProperty("os.arch", "")));
        ProbeFiles.readIfPresent(ctx, FACT, "/proc/cmdline").ifPresent(c -> os.setKernelCmdline(c.strip()));
    }

    /** Over SSH OSHI cannot see the remote host; /proc answers the same questions. */
    private static void overSsh(ProbeContext ctx, OsInfo.Builder os) {
        ProbeFiles.readQuietly(ctx.access(), "/proc/sys/kernel/osrelease").ifPresentOrElse(
                k -> os.setKernelRelease(k.strip()), () -> runningKernel(ctx).ifPresent(os::setKernelRelease));
        ProbeFiles.readQuietly(ctx.access(), "/proc/uptime").ifPresent(u -> {
            try {
                os.setUptimeSeconds((long) Double.parseDouble(u.strip().split("\\s+")[0]));
            } catch (NumberFormatException e) {
                ctx.error(FACT, "/proc/uptime", ErrorKind.MALFORMED, "uptime not a number");
            }
        });
        ProbeFiles.readQuietly(ctx.access(), "/proc/stat").ifPresent(s -> s.lines().filter(l -> l.startsWith("btime "))
                .findFirst().ifPresent(l -> os.setBootTimeEpochS(Long.parseLong(l.substring(6).strip()))));
        ProbeFiles.readIfPresent(ctx, FACT, "/proc/cmdline").ifPresent(c -> os.setKernelCmdline(c.strip()));
    }

    /** The running kernel on a live host or over SSH; empty offline (the root dir's kernels are only installed ones). */
    public static Optional<String> runningKernel(ProbeContext ctx) {
        if (ctx.access().mode() == AccessMode.ROOT) {
            return Optional.empty();
        }
        if (ctx.access().mode() == AccessMode.LOCAL) {
            try {
                String k = new oshi.SystemInfo().getOperatingSystem().getVersionInfo().getBuildNumber();
                if (k != null && !k.isBlank()) {
                    return Optional.of(k.strip());
                }
            } catch (RuntimeException | LinkageError e) {
                // fall back to uname below
            }
        }
        try {
            CommandResult r = ctx.access().run(FixedCommand.UNAME_R);
            return r.ok() && !r.stdout().isBlank() ? Optional.of(r.stdout().strip()) : Optional.empty();
        } catch (AccessException e) {
            return Optional.empty();
        }
    }

    static String normalizeArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i686";
            default -> javaArch;
        };
    }

    private static String get(Map<String, LogicalLine> kv, String key) {
        LogicalLine l = kv.get(key);
        return l == null ? "" : l.text();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
