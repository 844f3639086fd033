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
            // compared in place: matching runs this for every installed package against every record, so no copies
            int c = num ? numericRuns(a, i, ei, b, j, ej) : runs(a, i, ei, b, j, ej);
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

    /** Digit runs {@code a[i,ei)} and {@code b[j,ej)} by value: leading zeros skipped, then length, then digits. */
    private static int numericRuns(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
            j++;
        }
        if (ei - i != ej - j) {
            return Integer.compare(ei - i, ej - j);
        }
        return runs(a, i, ei, b, j, ej);
    }

    /** {@code a[i,ei)} and {@code b[j,ej)} in String.compareTo's order. */
    private static int runs(String a, int i, int ei, String b, int j, int ej) {
        for (; i < ei && j < ej; i++, j++) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (x != y) {
                return x - y;
            }
        }
        return (ei - i) - (ej - j);
    }

    /** Compares {@code [epoch:]version[-release]} strings the way rpm compares two packages' EVR. */
    public static int compareEvr(String a, String b) {
        return compare(Evr.parse(a), Evr.parse(b), false);
    }

    /** Two parsed EVRs; {@code ignoreEpoch} compares version-release alone. */
    static int compare(Evr x, Evr y, boolean ignoreEpoch) {
        int c = ignoreEpoch ? 0 : Long.compare(x.epoch, y.epoch);
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

    /** A parsed EVR; {@code explicitEpoch}: the string wrote one ("0:1.2-3" yes, "1.2-3" no). */
    record Evr(long epoch, String version, String release, boolean explicitEpoch) {
        static Evr parse(String s) {
            String t = s.strip();
            long epoch = 0;
            boolean explicit = false;
            int colon = t.indexOf(':');
            if (colon > 0 && t.substring(0, colon).chars().allMatch(RpmVersion::digit)) {
                epoch = Long.parseLong(t.substring(0, colon));
                t = t.substring(colon + 1);
                explicit = true;
            } else if (colon == 0) {
                t = t.substring(1);
            }
            int dash = t.lastIndexOf('-');
            return dash < 0 ? new Evr(epoch, t, "", explicit)
                    : new Evr(epoch, t.substring(0, dash), t.substring(dash + 1), explicit);
        }
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
