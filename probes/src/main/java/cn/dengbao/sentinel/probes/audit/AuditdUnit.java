package cn.dengbao.sentinel.probes.audit;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.proto.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How auditd.service loads the audit rules: its {@code ExecStartPost=} lines, with drop-ins
 * (auditd.service.d/*.conf, name order, /etc before /run before the package's directory for the same name) applied
 * the way systemd does: each line adds a command, an empty assignment clears the list. The last loader wins, as it
 * runs last. The packaged unit says {@code -/sbin/augenrules --load}; the documented alternative, copied to
 * /etc/systemd/system, says {@code -/sbin/auditctl -R /etc/audit/audit.rules}.
 */
final class AuditdUnit {
    static final String UNIT = "auditd.service";
    private static final List<String> DROP_IN_DIRS = Systemd.UNIT_DIRS.stream().map(d -> d + "/" + UNIT + ".d").toList();
    static final List<ProbePath> PATHS = ProbePath.concat(DROP_IN_DIRS.stream().map(ProbePath::list).toList(),
            DROP_IN_DIRS.stream().map(d -> ProbePath.read(d + "/*.conf")).toList());

    private AuditdUnit() {
    }

    /** {@code file} is the one rules file auditctl -R loads, null for augenrules (rules.d). */
    record Loader(String file, Source source) {
        String describe() {
            return file == null ? "augenrules" : "auditctl -R " + file;
        }
    }

    static Optional<Loader> loader(ProbeContext ctx, Systemd systemd) {
        if (!systemd.present()) {
            return Optional.empty();
        }
        Optional<String> unit = systemd.unitFile(UNIT);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>(List.of(unit.get()));
        TreeMap<String, String> dropIns = new TreeMap<>();
        for (String dir : DROP_IN_DIRS) {
            for (String name : ProbeFiles.listIfPresent(ctx, AuditdReader.FACT, dir)) {
                if (name.endsWith(".conf")) {
                    dropIns.putIfAbsent(name, ProbeFiles.join(dir, name));
                }
            }
        }
        files.addAll(dropIns.values());
        List<Loader> commands = new ArrayList<>();
        for (String path : files) {
            for (LogicalLine v : systemd.unitValues(ctx, AuditdReader.FACT, path, "Service", "ExecStartPost")) {
                if (v.text().isEmpty()) {
                    commands.clear();
                    continue;
                }
                parse(v.text()).ifPresent(file -> commands.add(new Loader(file.isEmpty() ? null : file,
                        ProbeContext.source(path, v.number(), "ExecStartPost=" + v.text()))));
            }
        }
        return commands.isEmpty() ? Optional.empty() : Optional.of(commands.get(commands.size() - 1));
    }

    /** "" for augenrules --load, the file for auditctl -R FILE, empty for any other command. */
    static Optional<String> parse(String command) {
        String c = command.replaceFirst("^[-@+!:]+", "");
        String[] argv = c.strip().split("\\s+");
        String prog = argv[0].substring(argv[0].lastIndexOf('/') + 1);
        if (prog.equals("augenrules") && List.of(argv).contains("--load")) {
            return Optional.of("");
        }
        if (prog.equals("auditctl")) {
            for (int i = 1; i + 1 < argv.length; i++) {
                if (argv[i].equals("-R")) {
                    return Optional.of(argv[i + 1]);
                }
            }
        }
        return Optional.empty();
    }
}
