package cn.dengbao.sentinel.probes.pam;

import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one file of /etc/pam.d into lines, the way Linux-PAM reads it: a backslash at the end of a line continues
 * it, everything from '#' on is a comment, a control in brackets ({@code [success=1 default=ignore]}) is one token,
 * and an argument in brackets may hold spaces ({@code [a b]}, with {@code \]} for a literal bracket).
 */
public final class PamLineParser {
    static final Set<String> TYPES = Set.of("auth", "account", "password", "session");

    private PamLineParser() {
    }

    public enum Kind { ENTRY, INCLUDE, SUBSTACK, AT_INCLUDE, MALFORMED }

    /** One parsed line. For INCLUDE/SUBSTACK/AT_INCLUDE, {@code module} is the included service. */
    public record Line(Kind kind, int number, String raw, String type, boolean dashed, String control,
                       String module, String modulePath, List<String> args) {
    }

    public static List<Line> parse(String content) {
        List<Line> out = new ArrayList<>();
        for (LogicalLine l : assemble(content)) {
            String body = l.text().strip();
            if (body.isEmpty()) {
                continue;
            }
            String raw = body;
            List<String> tokens = tokenize(body);
            if (tokens.get(0).equals("@include")) {
                if (tokens.size() < 2) {
                    out.add(malformed(l.number(), raw));
                } else {
                    out.add(new Line(Kind.AT_INCLUDE, l.number(), raw, "", false, "", tokens.get(1), tokens.get(1), List.of()));
                }
                continue;
            }
            if (tokens.size() < 3) {
                out.add(malformed(l.number(), raw));
                continue;
            }
            String type = tokens.get(0).toLowerCase(Locale.ROOT);
            boolean dashed = type.startsWith("-");
            if (dashed) {
                type = type.substring(1);
            }
            if (!TYPES.contains(type)) {
                out.add(malformed(l.number(), raw));
                continue;
            }
            String control = tokens.get(1);
            String controlLower = control.toLowerCase(Locale.ROOT);
            String path = stripBrackets(tokens.get(2));
            List<String> args = new ArrayList<>();
            for (String a : tokens.subList(3, tokens.size())) {
                args.add(stripBrackets(a));
            }
            if (controlLower.equals("include") || controlLower.equals("substack")) {
                out.add(new Line(controlLower.equals("include") ? Kind.INCLUDE : Kind.SUBSTACK, l.number(), raw, type,
                        dashed, controlLower, path, path, List.copyOf(args)));
                continue;
            }
            if (!control.startsWith("[")) {
                control = controlLower;
            }
            out.add(new Line(Kind.ENTRY, l.number(), raw, type, dashed, control, moduleName(path), path, List.copyOf(args)));
        }
        return out;
    }

    /**
     * Logical lines as libpam assembles them: blank and '#' lines are skipped (even inside a continuation),
     * a '#' ends the line there (a backslash after it does not continue), and a backslash at the end of the
     * remaining text, trailing blanks aside, continues the line on the next one.
     */
    static List<LogicalLine> assemble(String content) {
        List<LogicalLine> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (LogicalLine l : ConfigText.physicalLines(content)) {
            String s = l.text().strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = l.number();
            }
            int hash = s.indexOf('#');
            if (hash >= 0) {
                current.append(s, 0, hash);
                out.add(new LogicalLine(start, current.toString()));
                current = null;
                continue;
            }
            if (s.endsWith("\\")) {
                current.append(s, 0, s.length() - 1).append(' ');
                continue;
            }
            current.append(s);
            out.add(new LogicalLine(start, current.toString()));
            current = null;
        }
        if (current != null) {
            out.add(new LogicalLine(start, current.toString()));
        }
        return out;
    }

    private static Line malformed(int number, String raw) {
        return new Line(Kind.MALFORMED, number, raw, "", false, "", "", "", List.of());
    }

    /** "/lib/x86_64-linux-gnu/security/pam_unix.so" → "pam_unix". */
    public static String moduleName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.endsWith(".so") ? base.substring(0, base.length() - 3) : base;
    }

    private static String stripBrackets(String token) {
        if (token.startsWith("[") && token.endsWith("]") && token.length() >= 2) {
            return token.substring(1, token.length() - 1).replace("\\]", "]");
        }
        return token;
    }

    /** Splits on blanks, keeping a bracketed token (which may contain blanks) together with its brackets. */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder tok = new StringBuilder();
            if (s.charAt(i) == '[') {
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n && s.charAt(i + 1) == ']') {
                        tok.append("\\]");
                        i += 2;
                        continue;
                    }
                    tok.append(c);
                    i++;
                    if (c == ']') {
                        break;
                    }
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    tok.append(s.charAt(i++));
                }
            }
            out.add(tok.toString());
        }
        return out;
    }
}
