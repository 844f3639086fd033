package cn.dengbao.sentinel.probes.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Splitting of configuration text into logical lines; comment syntax differs per format, so parsers strip it. */
public final class ConfigText {
    private ConfigText() {
    }

    /** Physical lines, numbered from 1, without line terminators. */
    public static List<LogicalLine> physicalLines(String content) {
        List<LogicalLine> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;  // a final newline ends the last line, it does not start one
        }
        for (int i = 0; i < n; i++) {
            out.add(new LogicalLine(i + 1, lines[i]));
        }
        return out;
    }

    /**
     * Logical lines where a backslash at the end of a line continues it on the next one (the backslash is replaced
     * by a space, as PAM, sudoers and the shell all treat it as a separator there). {@code cutComment} runs on each
     * PHYSICAL line before the continuation test, as sudo's lexer, libpam and the shell do: a comment that ends in a
     * backslash must not swallow the next line (which could be a grant).
     */
    public static List<LogicalLine> joinContinuations(String content, UnaryOperator<String> cutComment) {
        List<LogicalLine> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (LogicalLine l : physicalLines(content)) {
            String t = cutComment.apply(l.text());
            String trimmed = t.stripTrailing();
            boolean continues = endsWithContinuation(trimmed);
            String body = continues ? trimmed.substring(0, trimmed.length() - 1) : t;
            if (current == null) {
                current = new StringBuilder(body);
                start = l.number();
            } else {
                current.append(' ').append(body);
            }
            if (!continues) {
                out.add(new LogicalLine(start, current.toString()));
                current = null;
            }
        }
        if (current != null) {
            out.add(new LogicalLine(start, current.toString()));
        }
        return out;
    }

    private static boolean endsWithContinuation(String t) {
        int backslashes = 0;
        for (int i = t.length() - 1; i >= 0 && t.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** True for blank lines and lines whose first non-blank character is '#'. */
    public static boolean isBlankOrComment(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /** Removes surrounding double or single quotes. */
    public static String unquote(String v) {
        String t = v.strip();
        if (t.length() >= 2 && ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'")))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Removes a '#' comment (only at the start of a token, so "a#b" survives) and surrounding blanks. */
    public static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }
}
