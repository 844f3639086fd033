package cn.dengbao.sentinel.probes.mac;

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
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.InstalledPackages;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Mac;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mandatory access control: SELinux configuration and live mode; AppArmor state and profile modes. */
public final class MacProbe implements Probe {
    public static final String FACT = "mac";
    static final String SELINUX_CONFIG = "/etc/selinux/config";
    static final String APPARMOR_D = "/etc/apparmor.d";
    private static final Pattern AA_COUNT = Pattern.compile("(?m)^\\s*(\\d+) profiles are in (enforce|complain) mode");
    private static final Pattern COMPLAIN_FLAG = Pattern.compile("flags\\s*=\\s*\\([^)]*\\bcomplain\\b");

    /** SELinux's configuration and live mode, AppArmor's live state and its profiles on disk. */
    static final List<ProbePath> PATHS = ProbePath.concat(List.of(read(SELINUX_CONFIG), read("/sys/fs/selinux/enforce"),
            read("/sys/module/apparmor/parameters/enabled"), list(APPARMOR_D), read(APPARMOR_D + "/*"), list(APPARMOR_D + "/disable")),
            InstalledPackages.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_MAC;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return Probe.union(Set.of(FixedCommand.AA_STATUS), InstalledPackages.COMMANDS);
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_PACKAGES);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Mac.Builder out = Mac.newBuilder();
        boolean live = ctx.access().mode() != AccessMode.ROOT;
        ProbeFiles.readIfPresent(ctx, FACT, SELINUX_CONFIG).ifPresent(text -> {
            out.setSelinuxPresent(true);
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = ConfigText.stripComment(line.text());
                if (t.startsWith("SELINUX=")) {
                    out.setSelinuxConfigMode(ConfigText.unquote(t.substring(8)).toLowerCase(java.util.Locale.ROOT));
                    out.setSource(ProbeContext.source(SELINUX_CONFIG, line.number(), t));
                } else if (t.startsWith("SELINUXTYPE=")) {
                    out.setSelinuxConfigType(ConfigText.unquote(t.substring(12)));
                }
            }
        });
        if (live) {
            Optional<String> enforce = ProbeFiles.readQuietly(ctx.access(), "/sys/fs/selinux/enforce");
            if (enforce.isPresent()) {
                out.setSelinuxPresent(true);
                out.setSelinuxCurrentMode(enforce.get().strip().equals("1") ? "enforcing" : "permissive");
            } else if (out.getSelinuxPresent()) {
                out.setSelinuxCurrentMode("disabled"); // configured but no selinuxfs mounted: not running
            }
        }
        apparmor(ctx, facts, out, live);
        facts.setMac(out);
    }

    private static void apparmor(ProbeContext ctx, Facts.Builder facts, Mac.Builder out, boolean live) {
        boolean dir = ProbeFiles.isDirectory(ctx.access(), APPARMOR_D);
        Optional<String> param = live ? ProbeFiles.readQuietly(ctx.access(), "/sys/module/apparmor/parameters/enabled") : Optional.empty();
        out.setApparmorPresent(dir || param.isPresent());
        if (param.isPresent()) {
            out.setApparmorEnabled(param.get().strip().equalsIgnoreCase("Y"));
        } else if (!live) {
            // offline: the package plus at least one profile is the best available sign
            out.setApparmorEnabled(InstalledPackages.names(ctx, facts).contains("apparmor") && countProfiles(ctx, out) > 0);
        }
        if (live && tryAaStatus(ctx, out)) {
            return;
        }
        if (out.getApparmorProfilesEnforce() == 0 && out.getApparmorProfilesComplain() == 0 && dir) {
            countProfiles(ctx, out);
        }
    }

    private static boolean tryAaStatus(ProbeContext ctx, Mac.Builder out) {
        try {
            CommandResult r = ctx.access().run(FixedCommand.AA_STATUS);
            Matcher m = AA_COUNT.matcher(r.stdout());
            boolean any = false;
            while (m.find()) {
                any = true;
                int n = Integer.parseInt(m.group(1));
                if (m.group(2).equals("enforce")) {
                    out.setApparmorProfilesEnforce(n);
                } else {
                    out.setApparmorProfilesComplain(n);
                }
            }
            return any;
        } catch (AccessException | NumberFormatException e) {
            return false; // aa-status absent or unexpected: fall back to the profile files
        }
    }

    /** Profiles on disk: complain when flagged so, skipped when linked in disable/. */
    private static int countProfiles(ProbeContext ctx, Mac.Builder out) {
        Set<String> disabled = new HashSet<>(ProbeFiles.listIfPresent(ctx, FACT, APPARMOR_D + "/disable"));
        int enforce = 0;
        int complain = 0;
        for (String name : ProbeFiles.listIfPresent(ctx, FACT, APPARMOR_D)) {
            String path = ProbeFiles.join(APPARMOR_D, name);
            Optional<FileStat> st = ProbeFiles.stat(ctx.access(), path, true);
            if (st.isEmpty() || !st.get().regularFile() || disabled.contains(name) || name.startsWith(".")) {
                continue;
            }
            String text = ProbeFiles.readIfPresent(ctx, FACT, path).orElse("");
            if (!text.contains("{")) {
                continue;
            }
            if (COMPLAIN_FLAG.matcher(text).find()) {
                complain++;
            } else {
                enforce++;
            }
        }
        out.setApparmorProfilesEnforce(enforce);
        out.setApparmorProfilesComplain(complain);
        return enforce + complain;
    }
}
