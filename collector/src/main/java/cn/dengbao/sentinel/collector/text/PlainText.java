package cn.dengbao.sentinel.collector.text;

/**
 * Untrusted text made safe for a terminal or a plain-text line: a hostname, an evidence excerpt or an error detail
 * that a host or an agent sent could otherwise carry escape sequences (recolour or rewrite the screen), line breaks
 * (forge extra output lines) or bidirectional overrides (show text in another order than it is stored).
 */
public final class PlainText {
    /** What stands where a character was taken out: visible, so a reader knows something was there. */
    public static final char REPLACEMENT = '\uFFFD';

    private PlainText() {
    }

    /**
     * One display line: line and paragraph breaks and tabs become a space, other control characters (C0, DEL, C1,
     * which includes ESC) become {@link #REPLACEMENT}, bidirectional controls are shown by {@link #appendBidi}.
     * Null becomes "".
     */
    public static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean keep = !lineBreak(cp) && !Character.isISOControl(cp) && !bidiControl(cp);
            if (!keep && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (keep) {
                    b.appendCodePoint(cp);
                } else if (lineBreak(cp)) {
                    b.append(' ');
                } else if (bidiControl(cp)) {
                    appendBidi(b, cp);
                } else {
                    b.append(REPLACEMENT);
                }
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    /** At most {@code max} characters of one clean, stripped line: for values kept but only ever displayed. */
    public static String clean(String s, int max) {
        return s == null ? "" : oneLine(clip(s, max)).strip();
    }

    /** The first {@code max} characters, or one fewer rather than half a surrogate pair; null stays null. */
    public static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair (CJK extension characters, emoji)
        }
        return s.substring(0, end);
    }

    /** {@link #oneLine} of at most {@code max} characters, with "…" when cut: for echoing bad input in a message. */
    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String c = clip(s, max);
        return oneLine(c) + (c.length() < s.length() ? "…" : "");
    }

    /**
     * True when {@code s} has at most {@code max} characters and no control character or line/paragraph
     * separator: a value an agent must send clean (an id, a path) rather than one to clean up.
     */
    public static boolean isPlain(String s, int max) {
        if (s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    private static boolean lineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x0B || cp == 0x0C || cp == 0x85
                || cp == 0x2028 || cp == 0x2029;
    }

    /**
     * The embedding, override and isolate controls (LRE…RLO, LRI…PDI) that can reorder what a terminal, a
     * spreadsheet or a browser shows ({@code invoice‮gnp.exe} reads as "invoiceexe.png"): every text output treats
     * them alike (here, {@link Escaping} for files, the JSON export's escapes).
     */
    static boolean bidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * How a bidirectional control is shown: for now the replacement character, like any other control. The one
     * place to change if operators should see which control it was (e.g. "[U+202E]").
     */
    static void appendBidi(StringBuilder b, int cp) {
        b.append(bidiShown(cp));
    }

    static String bidiShown(int cp) {
        return String.valueOf(REPLACEMENT);
    }
}
