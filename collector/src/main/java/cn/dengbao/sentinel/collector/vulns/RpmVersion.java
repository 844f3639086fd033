package cn.dengbao.sentinel.collector.vulns;

/**
 * rpm's version order, as rpm itself computes it ({@code rpmvercmp} in rpmio/rpmvercmp.c, rpm 4.15+ with {@code ^}):
 * separators are skipped, {@code ~} sorts before everything (pre-releases), {@code ^} after the base version but
 * before any further segment (post-release snapshots), runs of ASCII digits compare numerically (leading zeros
 * ignored), runs of ASCII letters lexically, and a numeric run is newer than an alphabetic one. Non-ASCII characters
 * are separators, as in rpm. {@link #compareEvr} adds the epoch (absent = 0) and the release.
 */
public final class RpmVersion {
    private RpmVersion() {
    }

    /** rpmvercmp of two version (or release) strings: negative, 0 or positive. */
    public static int vercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !alnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !alnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            char ca = at(a, i);
            char cb = at(b, j);
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) {
                    return -1;
                }
                if (cb == 0) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) {
                break;
            }
            boolean num = digit(ca);
            int ei = i;
            int ej = j;
            while (ei < a.length() && (num ? digit(a.charAt(ei)) : alpha(a.charAt(ei)))) {
                ei++;
            }
            while (ej < b.length() && (num ? digit(b.charAt(ej)) : alpha(b.charAt(ej)))) {
                ej++;
            }
            if (ej == j) {
                // a numeric segment is newer than an alphabetic one
                return num ? 1 : -1;
            }
            String x = a.substring(i, ei);
            String y = b.substring(j, ej);
            int c;
            if (num) {
                x = stripZeros(x);
                y = stripZeros(y);
                c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
            i = ei;
            j = ej;
        }
        boolean aEnd = i >= a.length();
        boolean bEnd = j >= b.length();
        if (aEnd && bEnd) {
            return 0;
        }
        return aEnd ? -1 : 1;
    }

    /** Compares {@code [epoch:]version[-release]} strings the way rpm compares two packages' EVR. */
    public static int compareEvr(String a, String b) {
        Evr x = Evr.parse(a);
        Evr y = Evr.parse(b);
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = vercmp(x.version, y.version);
        if (c != 0) {
            return c;
        }
        // a missing release matches any release (rpm's rule for dependency ranges without one)
        if (x.release.isEmpty() || y.release.isEmpty()) {
            return 0;
        }
        return vercmp(x.release, y.release);
    }

    record Evr(long epoch, String version, String release) {
        static Evr parse(String s) {
            String t = s.strip();
            long epoch = 0;
            int colon = t.indexOf(':');
            if (colon > 0 && t.substring(0, colon).chars().allMatch(RpmVersion::digit)) {
                epoch = Long.parseLong(t.substring(0, colon));
                t = t.substring(colon + 1);
            } else if (colon == 0) {
                t = t.substring(1);
            }
            int dash = t.lastIndexOf('-');
            return dash < 0 ? new Evr(epoch, t, "") : new Evr(epoch, t.substring(0, dash), t.substring(dash + 1));
        }
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() - 1 && s.charAt(k) == '0') {
            k++;
        }
        return s.substring(k);
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean alnum(char c) {
        return digit(c) || alpha(c);
    }
}
