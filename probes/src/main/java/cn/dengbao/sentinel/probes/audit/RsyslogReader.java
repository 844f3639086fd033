package cn.dengbao.sentinel.probes.audit;

import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.LogForward;
import cn.dengbao.sentinel.proto.Setting;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rsyslog configuration, both syntaxes: legacy ("$IncludeConfig", "*.* @@host:514", "$template") and RainerScript
 * ("include(file=...)", "action(type="omfwd" ...)" spanning several lines, "template(...)").
 */
final class RsyslogReader {
    static final String FACT = "audit.rsyslog";
    static final String MAIN = "/etc/rsyslog.conf";
    private static final int MAX_DEPTH = 8;
    /** The main file, the drop-ins the distributions include, and the daemon's binary. */
    static final List<ProbePath> PATHS = List.of(ProbePath.read(MAIN), ProbePath.read("/etc/rsyslog.d/*"), stat("/usr/sbin/rsyslogd"), stat("/sbin/rsyslogd"));
    private static final Pattern LEGACY_FORWARD = Pattern.compile("^\\S+\\s+(@@?)(\\([^)]*\\))?([^\\s;]+)");
    private static final Pattern RELP_FORWARD = Pattern.compile("^\\S+\\s+:omrelp:([^\\s;]+)");
    private static final Pattern PARAM = Pattern.compile("([A-Za-z.]+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LEGACY_TEMPLATE = Pattern.compile("^\\$template\\s+([^,\\s]+)\\s*,\\s*(.*)$", Pattern.CASE_INSENSITIVE);

    private final ProbeContext ctx;
    private final Audit.Builder out;
    private final Set<String> visited = new HashSet<>();

    private RsyslogReader(ProbeContext ctx, Audit.Builder out) {
        this.ctx = ctx;
        this.out = out;
    }

    /** Returns true when the main configuration file exists. */
    static boolean read(ProbeContext ctx, Audit.Builder out) {
        RsyslogReader r = new RsyslogReader(ctx, out);
        return r.file(MAIN, 0);
    }

    private boolean file(String path, int depth) {
        if (depth > MAX_DEPTH || !visited.add(path)) {
            return false;
        }
        Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
        if (text.isEmpty()) {
            return false;
        }
        out.addConfigFiles(path);
        List<LogicalLine> lines = ConfigText.physicalLines(text.get());
        for (int i = 0; i < lines.size(); i++) {
            LogicalLine line = lines.get(i);
            String t = ConfigText.stripComment(line.text());
            if (t.isEmpty()) {
                continue;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("$includeconfig")) {
                include(t.substring("$includeconfig".length()).strip(), depth);
            } else if (lower.startsWith("include(") || lower.startsWith("action(") || lower.contains(" action(")
                    || lower.startsWith("template(")) {
                // RainerScript object: gather lines until the parentheses balance
                StringBuilder obj = new StringBuilder(t);
                int start = i;
                while (!balanced(obj) && i + 1 < lines.size()) {
                    i++;
                    obj.append(' ').append(ConfigText.stripComment(lines.get(i).text()));
                }
                object(path, lines.get(start).number(), obj.toString(), depth);
            } else if (lower.startsWith("$template")) {
                Matcher m = LEGACY_TEMPLATE.matcher(t);
                if (m.find()) {
                    out.addSyslogTemplates(Setting.newBuilder().setKey(m.group(1)).setValue(m.group(2))
                            .setSource(ProbeContext.source(path, line.number(), t)));
                }
            } else if (lower.startsWith("$actionfiledefaulttemplate") || lower.startsWith("$actionforwarddefaulttemplate")) {
                String[] kv = t.split("\\s+", 2);
                out.addSyslogTemplates(Setting.newBuilder().setKey(kv[0]).setValue(kv.length > 1 ? kv[1] : "")
                        .setSource(ProbeContext.source(path, line.number(), t)));
            } else {
                legacyForward(path, line.number(), t);
            }
        }
        return true;
    }

    private void include(String pattern, int depth) {
        String p = ConfigText.unquote(pattern);
        if (p.endsWith("/")) {
            p = p + "*";
        }
        for (String match : ProbeFiles.glob(ctx, FACT, p)) {
            if (!ProbeFiles.isDirectory(ctx.access(), match)) {
                file(match, depth + 1);
            }
        }
    }

    private void object(String path, int line, String text, int depth) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("include(")) {
            if (params.containsKey("file")) {
                include(params.get("file"), depth);
            }
        } else if (lower.startsWith("template(")) {
            String value = params.getOrDefault("string", params.getOrDefault("type", ""));
            out.addSyslogTemplates(Setting.newBuilder().setKey(params.getOrDefault("name", "")).setValue(value)
                    .setSource(ProbeContext.source(path, line, text)));
        } else {
            String type = params.getOrDefault("type", "");
            if (type.equals("omfwd") || type.equals("omrelp")) {
                String target = params.getOrDefault("target", "");
                String port = params.getOrDefault("port", "");
                String protocol = type.equals("omrelp") ? "relp" : params.getOrDefault("protocol", "udp").toLowerCase(Locale.ROOT);
                if (!target.isEmpty()) {
                    out.addForwards(LogForward.newBuilder().setDaemon("rsyslog").setTarget(port.isEmpty() ? target : target + ":" + port)
                            .setProtocol(protocol).setSource(ProbeContext.source(path, line, text)));
                }
            }
        }
    }

    private void legacyForward(String path, int line, String t) {
        Matcher m = LEGACY_FORWARD.matcher(t);
        if (m.find()) {
            out.addForwards(LogForward.newBuilder().setDaemon("rsyslog").setTarget(m.group(3)).setProtocol(m.group(1).equals("@@") ? "tcp" : "udp")
                    .setSource(ProbeContext.source(path, line, t)));
            return;
        }
        Matcher r = RELP_FORWARD.matcher(t);
        if (r.find()) {
            out.addForwards(LogForward.newBuilder().setDaemon("rsyslog").setTarget(r.group(1)).setProtocol("relp")
                    .setSource(ProbeContext.source(path, line, t)));
        }
    }

    /** Parentheses balanced outside double-quoted strings. */
    static boolean balanced(CharSequence s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            }
        }
        return depth <= 0;
    }
}
