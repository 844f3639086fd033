package cn.dengbao.sentinel.probes.audit;

import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.AuditRule;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.LogForward;
import cn.dengbao.sentinel.proto.Setting;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** auditd: installed, enabled, active (live), auditd.conf, rules from files and the kernel, audisp-remote. */
final class AuditdReader {
    static final String FACT = "audit.auditd";
    static final String RULES_FACT = "audit.rules";
    static final String CONF = "/etc/audit/auditd.conf";
    private static final Pattern IMMUTABLE = Pattern.compile("^-e\\s+2\\b");
    private static final Pattern STATUS_ENABLED = Pattern.compile("(?m)^enabled\\s+([12])\\b");
    /** auditd's binary, configuration and rules, and audisp-remote's; root-only on common distributions but the binary. */
    static final List<ProbePath> PATHS = ProbePath.concat(AuditdUnit.PATHS, List.of(stat("/sbin/auditd"), stat("/usr/sbin/auditd"),
            ProbePath.read(CONF).rootOnly(), ProbePath.read("/etc/audit/rules.d/*.rules").rootOnly(), ProbePath.read("/etc/audit/audit.rules").rootOnly(),
            ProbePath.read("/etc/audit/audisp-remote.conf").rootOnly(), ProbePath.read("/etc/audisp/audisp-remote.conf").rootOnly(),
            ProbePath.read("/etc/audit/plugins.d/au-remote.conf").rootOnly(), ProbePath.read("/etc/audisp/plugins.d/au-remote.conf").rootOnly()));
    static final Set<FixedCommand> COMMANDS = Set.of(FixedCommand.AUDITCTL_STATUS, FixedCommand.AUDITCTL_LIST);

    private AuditdReader() {
    }

    static void read(ProbeContext ctx, Systemd systemd, Set<String> packages, Set<String> activeUnits, Audit.Builder out) {
        boolean installed = ProbeFiles.anyExists(ctx.access(), "/sbin/auditd", "/usr/sbin/auditd")
                || packages.contains("auditd") || packages.contains("audit");
        out.setAuditdInstalled(installed);
        out.setAuditdEnabled(systemd.enabled("auditd.service") || cn.dengbao.sentinel.probes.system.SysvInit.enabled(ctx, systemd, "auditd"));
        conf(ctx, out);
        fileRules(ctx, systemd, out);
        if (ctx.access().mode() != AccessMode.ROOT) {
            live(ctx, installed, activeUnits, out);
        }
        out.setRulesImmutable(out.getRulesList().stream().anyMatch(r -> IMMUTABLE.matcher(r.getText()).find()));
        audispRemote(ctx, out);
    }

    private static void conf(ProbeContext ctx, Audit.Builder out) {
        ProbeFiles.readIfPresent(ctx, FACT, CONF).ifPresent(text -> {
            out.addConfigFiles(CONF);
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = ConfigText.stripComment(line.text());
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                out.putAuditdConf(key, Setting.newBuilder().setKey(key).setValue(t.substring(eq + 1).strip())
                        .setSource(ProbeContext.source(CONF, line.number(), t)).build());
            }
        });
    }

    /**
     * The rule files in force: what the auditd unit's ExecStartPost loads. augenrules compiles rules.d (in name
     * order) into audit.rules and loads that, so rules.d is what counts; {@code auditctl -R FILE} loads only FILE,
     * and rules.d is then never loaded (its -e 2 or watches are not in force).
     */
    private static void fileRules(ProbeContext ctx, Systemd systemd, Audit.Builder out) {
        Optional<AuditdUnit.Loader> loader = AuditdUnit.loader(ctx, systemd);
        loader.ifPresent(l -> out.setRulesLoader(l.describe()).setRulesLoaderSource(l.source()));
        if (loader.isPresent() && loader.get().file() != null) {
            addRules(ctx, loader.get().file(), out);
            return;
        }
        List<String> rulesD = ProbeFiles.glob(ctx, RULES_FACT, "/etc/audit/rules.d/*.rules");
        for (String path : rulesD) {
            addRules(ctx, path, out);
        }
        if (loader.isEmpty() || rulesD.isEmpty()) {
            // augenrules with an empty rules.d leaves audit.rules as it is; without a known loader read both
            addRules(ctx, "/etc/audit/audit.rules", out);
        }
    }

    private static void addRules(ProbeContext ctx, String path, Audit.Builder out) {
        ProbeFiles.readIfPresent(ctx, RULES_FACT, path).ifPresent(text -> {
            out.addConfigFiles(path);
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = line.text().strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                out.addRules(AuditRule.newBuilder().setText(t).setSource(ProbeContext.source(path, line.number(), t)));
            }
        });
    }

    private static void live(ProbeContext ctx, boolean installed, Set<String> activeUnits, Audit.Builder out) {
        boolean active = false;
        try {
            CommandResult s = ctx.access().run(FixedCommand.AUDITCTL_STATUS);
            active = s.ok() && STATUS_ENABLED.matcher(s.stdout()).find();
            CommandResult l = ctx.access().run(FixedCommand.AUDITCTL_LIST);
            if (l.ok()) {
                String cmd = String.join(" ", FixedCommand.AUDITCTL_LIST.argv());
                for (String line : l.stdout().split("\r?\n")) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.equalsIgnoreCase("No rules")) {
                        out.addRules(AuditRule.newBuilder().setText(t).setSource(ProbeContext.commandSource(cmd, t)));
                    }
                }
            } else if (installed) {
                ctx.error(RULES_FACT, "", ErrorKind.COMMAND_FAILED, "auditctl -l exit " + l.exitCode());
            }
        } catch (AccessException e) {
            if (installed) {
                ctx.error(FACT, e);
            }
        }
        out.setAuditdActive(active || activeUnits.contains("auditd"));
    }

    /** audisp-remote ships audit records off the host: count it as a forward when its plugin is active. */
    private static void audispRemote(ProbeContext ctx, Audit.Builder out) {
        String confPath = "/etc/audit/audisp-remote.conf";
        String conf = ProbeFiles.readIfPresent(ctx, FACT, confPath).orElse("");
        if (conf.isEmpty()) {
            confPath = "/etc/audisp/audisp-remote.conf";
            conf = ProbeFiles.readIfPresent(ctx, FACT, confPath).orElse("");
        }
        if (conf.isEmpty()) {
            return;
        }
        Map<String, LogicalLine> kv = keyValues(conf);
        LogicalLine server = kv.get("remote_server");
        if (server == null || server.text().isBlank()) {
            return;
        }
        boolean active = false;
        for (String plugin : new String[] {"/etc/audit/plugins.d/au-remote.conf", "/etc/audisp/plugins.d/au-remote.conf"}) {
            LogicalLine a = keyValues(ProbeFiles.readIfPresent(ctx, FACT, plugin).orElse("")).get("active");
            if (a != null && a.text().equalsIgnoreCase("yes")) {
                active = true;
            }
        }
        if (!active) {
            return;
        }
        LogicalLine port = kv.get("port");
        LogicalLine transport = kv.get("transport");
        String target = server.text() + (port == null ? "" : ":" + port.text());
        out.addForwards(LogForward.newBuilder().setDaemon("auditd").setTarget(target).setProtocol(transport == null ? "tcp" : transport.text().toLowerCase(Locale.ROOT))
                .setSource(ProbeContext.source(confPath, server.number(), "remote_server = " + server.text() + " (audisp-remote)")));
        out.addConfigFiles(confPath);
    }

    static Map<String, LogicalLine> keyValues(String text) {
        Map<String, LogicalLine> kv = new java.util.LinkedHashMap<>();
        for (LogicalLine line : ConfigText.physicalLines(text)) {
            String t = ConfigText.stripComment(line.text());
            int eq = t.indexOf('=');
            if (eq > 0) {
                kv.put(t.substring(0, eq).strip().toLowerCase(Locale.ROOT), new LogicalLine(line.number(), t.substring(eq + 1).strip()));
            }
        }
        return kv;
    }
}
