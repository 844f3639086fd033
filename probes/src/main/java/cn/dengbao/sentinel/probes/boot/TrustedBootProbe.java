package cn.dengbao.sentinel.probes.boot;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.InstalledPackages;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.TrustedBoot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trusted-verification evidence (8.1.4.6): TPM, Secure Boot, IMA/EVM, AIDE. Firmware state is only visible on a
 * live host; offline, the kernel command line configured in /etc/default/grub stands in for the running one.
 */
public final class TrustedBootProbe implements Probe {
    public static final String FACT = "trusted_boot";
    static final String EFIVARS = "/sys/firmware/efi/efivars";
    static final String SECURE_BOOT_VAR = "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";
    private static final Pattern IMA_ARG = Pattern.compile("(?<!\\S)(ima_appraise|ima_policy|ima_tcb|ima|evm)(?:=(\\S*))?");

    /** TPM devices, the Secure Boot variable, the kernel command line (running, or configured in grub), IMA, AIDE. */
    static final List<ProbePath> PATHS = ProbePath.concat(List.of(stat("/sys/class/tpm/tpm0"), stat("/dev/tpm0"), stat("/dev/tpmrm0"),
            read(EFIVARS + "/" + SECURE_BOOT_VAR), read("/proc/cmdline"), read("/etc/default/grub"), stat("/etc/ima"),
            stat("/etc/ima/ima-policy"), stat("/usr/sbin/aide"), stat("/usr/bin/aide"), list("/var/lib/aide")),
            InstalledPackages.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_TRUSTED_BOOT;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return Probe.union(Set.of(FixedCommand.MOKUTIL_SB_STATE), InstalledPackages.COMMANDS);
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_OS, FactSection.SECTION_PACKAGES);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        TrustedBoot.Builder out = TrustedBoot.newBuilder();
        boolean live = ctx.access().mode() != AccessMode.ROOT;
        if (live) {
            for (String p : new String[] {"/sys/class/tpm/tpm0", "/dev/tpm0", "/dev/tpmrm0"}) {
                if (ProbeFiles.stat(ctx.access(), p, false).isPresent()) {
                    out.setTpmPresent(true);
                    out.addEvidence(setting("tpm", "present", ProbeContext.source(p, 0, "present: " + p)));
                    break;
                }
            }
            secureBoot(ctx, out);
        }
        cmdline(ctx, facts, out, live);
        if (ProbeFiles.isDirectory(ctx.access(), "/etc/ima") || ctx.access().exists("/etc/ima/ima-policy")) {
            out.setImaEnabled(true);
            out.addEvidence(setting("ima_policy_dir", "/etc/ima", ProbeContext.source("/etc/ima", 0, "IMA policy directory present")));
        }
        Set<String> packages = InstalledPackages.names(ctx, facts);
        out.setAideInstalled(packages.contains("aide") || ProbeFiles.anyExists(ctx.access(), "/usr/sbin/aide", "/usr/bin/aide"));
        for (String name : ProbeFiles.listIfPresent(ctx, FACT, "/var/lib/aide")) {
            if (name.startsWith("aide.db")) {
                out.setAideDatabasePresent(true);
                String path = "/var/lib/aide/" + name;
                out.addEvidence(setting("aide_database", path, ProbeContext.source(path, 0, "present: " + path)));
                break;
            }
        }
        facts.setTrustedBoot(out);
    }

    /** The efivar holds 4 attribute bytes then the value; mokutil answers when efivarfs is not readable. */
    private static void secureBoot(ProbeContext ctx, TrustedBoot.Builder out) {
        String var = EFIVARS + "/" + SECURE_BOOT_VAR;
        try {
            byte[] data = ctx.access().read(var, 64);
            if (data.length >= 5) {
                out.setSecureBootKnown(true).setSecureBootEnabled(data[4] == 1);
                out.addEvidence(setting("secure_boot", data[4] == 1 ? "enabled" : "disabled",
                        ProbeContext.source(var, 0, "value byte " + data[4])));
                return;
            }
        } catch (AccessException e) {
            // no EFI or not readable: try mokutil
        }
        try {
            CommandResult r = ctx.access().run(FixedCommand.MOKUTIL_SB_STATE);
            String text = (r.stdout() + "\n" + r.stderr()).toLowerCase(Locale.ROOT);
            if (text.contains("secureboot enabled") || text.contains("secureboot disabled")) {
                boolean on = text.contains("secureboot enabled");
                out.setSecureBootKnown(true).setSecureBootEnabled(on);
                out.addEvidence(setting("secure_boot", on ? "enabled" : "disabled",
                        ProbeContext.commandSource(String.join(" ", FixedCommand.MOKUTIL_SB_STATE.argv()), r.stdout())));
            } else if (text.contains("efi variables are not supported")) {
                // legacy BIOS boot: Secure Boot is known to be off
                out.setSecureBootKnown(true).setSecureBootEnabled(false);
                out.addEvidence(setting("secure_boot", "legacy-bios",
                        ProbeContext.commandSource(String.join(" ", FixedCommand.MOKUTIL_SB_STATE.argv()), text)));
            }
        } catch (AccessException e) {
            // mokutil absent: Secure Boot state stays unknown
        }
    }

    private static void cmdline(ProbeContext ctx, Facts.Builder facts, TrustedBoot.Builder out, boolean live) {
        String text;
        Source where;
        if (live) {
            text = facts.getOs().getKernelCmdline();
            if (text.isEmpty()) {
                text = ProbeFiles.readQuietly(ctx.access(), "/proc/cmdline").orElse("");
            }
            where = ProbeContext.source("/proc/cmdline", 1, text);
        } else {
            Optional<LogicalLine> grub = grubCmdline(ctx);
            text = grub.map(LogicalLine::text).orElse("");
            where = ProbeContext.source("/etc/default/grub", grub.map(LogicalLine::number).orElse(0), text);
        }
        Matcher m = IMA_ARG.matcher(text);
        while (m.find()) {
            String key = m.group(1);
            String value = m.group(2) == null ? "" : m.group(2);
            boolean off = value.equalsIgnoreCase("off") || value.equals("0");
            if (key.equals("evm")) {
                out.setEvmEnabled(out.getEvmEnabled() || !off);
            } else if (!off) {
                out.setImaEnabled(true);
            }
            out.addEvidence(setting(key, value, where));
        }
    }

    /** GRUB_CMDLINE_LINUX and _DEFAULT joined: what the next boot will use. */
    private static Optional<LogicalLine> grubCmdline(ProbeContext ctx) {
        String joined = "";
        int first = 0;
        for (LogicalLine line : ConfigText.physicalLines(ProbeFiles.readIfPresent(ctx, FACT, "/etc/default/grub").orElse(""))) {
            String t = line.text().strip();
            if (t.startsWith("GRUB_CMDLINE_LINUX=") || t.startsWith("GRUB_CMDLINE_LINUX_DEFAULT=")) {
                joined = (joined + " " + ConfigText.unquote(t.substring(t.indexOf('=') + 1))).strip();
                first = first == 0 ? line.number() : first;
            }
        }
        return first == 0 ? Optional.empty() : Optional.of(new LogicalLine(first, joined));
    }

    private static Setting setting(String key, String value, Source source) {
        return Setting.newBuilder().setKey(key).setValue(value).setSource(source).build();
    }
}
