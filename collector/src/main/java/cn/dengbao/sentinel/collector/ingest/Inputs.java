package cn.dengbao.sentinel.collector.ingest;

/** Defensive handling of strings agents send: bounded length, no control characters. */
public final class Inputs {
    private Inputs() {
    }

    /** True when {@code s} is at most {@code max} chars and has no control characters. */
    public static boolean sane(String s, int max) {
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

    /** Truncates and removes control characters; for values we keep but only display. */
    public static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
