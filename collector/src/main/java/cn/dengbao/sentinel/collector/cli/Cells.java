package cn.dengbao.sentinel.collector.cli;

/**
 * Escaping for terminal and CSV output of values that may come from hosts (hostnames, evidence): control
 * characters (terminal escape sequences) are neutralised; CSV cells are quoted and guarded against spreadsheet
 * formula injection.
 */
final class Cells {
    private Cells() {}

    /** One-line, control-character-free text for a terminal table. */
    static String plain(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(cp) || cp == 0x202E || cp == 0x202D || cp == 0x2066
                    || cp == 0x2067 || cp == 0x2068 || cp == 0x2069) {
                sb.append('\uFFFD'); // ESC sequences and bidi overrides could disguise output
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** RFC 4180 cell; a leading = + - @ (or tab/CR) is prefixed with ' so spreadsheets do not evaluate it. */
    static String csv(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** Pads to a display width, counting CJK characters as two columns. */
    static String pad(String s, int width) {
        int w = width(s);
        return w >= width ? s : s + " ".repeat(width - w);
    }

    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                    || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                    || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6))) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }
}
