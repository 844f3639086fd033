package cn.dengbao.sentinel.collector.text;

import java.util.List;

/**
 * The only escaping for files people open: HTML, spreadsheet cells (XLSX) and CSV, used by the exports, {@code
 * evaluate --format csv} and every {@code --format csv} listing. Everything an agent sent (hostnames, evidence
 * excerpts, account names, …) is hostile until escaped here. Terminal text is {@link PlainText}'s.
 */
public final class Escaping {
    private Escaping() {
    }

    /** Text for HTML element content and quoted attribute values: the five significant characters become entities. */
    public static String html(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> PlainText.bidiControl(c) ? PlainText.bidiShown(c)
                        : (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? "\uFFFD" : null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * A spreadsheet cell (CSV or XLSX) that cannot run as a formula: text starting with {@code = + - @}, tab or
     * CR gets a leading apostrophe (OWASP CSV-injection advice). Characters XML 1.0 cannot carry (other C0
     * controls, lone surrogates) become U+FFFD so a hostile value cannot corrupt the workbook either.
     */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String clean = xmlSafe(s);
        char first = s.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + clean;
        }
        return clean;
    }

    /**
     * One RFC 4180 field: neutralised as a cell, then quoted when it holds a comma, quote, CR or LF, or starts with
     * the apostrophe (so the neutralising prefix reads as part of the value, not as a bare formula guard).
     */
    public static String csvField(String s) {
        String v = cell(s);
        boolean quote = v.startsWith("'");
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /** A CSV record without its line end: each value a {@link #csvField}, separated by commas. */
    public static String csvRow(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvField(values.get(i)));
        }
        return b.toString();
    }

    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!bad) {
                    if (b != null) {
                        b.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                        || c == 0xFFFE || c == 0xFFFF || PlainText.bidiControl(c);
            }
            if (bad && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (bad && PlainText.bidiControl(c)) {
                    PlainText.appendBidi(b, c);
                } else {
                    b.append(bad ? '\uFFFD' : c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
