package cn.dengbao.sentinel.collector.vulns;

/**
 * Debian's version order (deb-version(7), {@code verrevcmp} in dpkg's lib/dpkg/version.c): {@code [epoch:]upstream[-revision]},
 * the epoch numerically, then upstream and revision each compared by alternating non-digit runs (letters before
 * other characters, {@code ~} before everything, even the end) and digit runs (numerically).
 */
public final class DebVersion {
    private DebVersion() {
    }

    /** Compares two full Debian version strings: negative, 0 or positive. */
    public static int compare(String a, String b) {
        return compare(Parts.parse(a), Parts.parse(b));
    }

    /** Two parsed versions (parsed once, compared many times by matching). */
    static int compare(Parts x, Parts y) {
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = verrevcmp(x.upstream, y.upstream);
        if (c != 0) {
            return c;
        }
        return verrevcmp(x.revision, y.revision);
    }

    record Parts(long epoch, String upstream, String revision) {
        static Parts parse(String s) {
            String t = s.strip();
            long epoch = 0;
            int colon = t.indexOf(':');
            if (colon > 0) {
                String e = t.substring(0, colon);
                if (!e.chars().allMatch(ch -> ch >= '0' && ch <= '9') || e.length() > 9) {
                    throw new IllegalArgumentException("无效的 Debian 版本号 epoch: " + s);
                }
                epoch = Long.parseLong(e);
                t = t.substring(colon + 1);
            }
            int dash = t.lastIndexOf('-');
            return dash < 0 ? new Parts(epoch, t, "") : new Parts(epoch, t.substring(0, dash), t.substring(dash + 1));
        }
    }

    static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !digit(a.charAt(i))) || (j < b.length() && !digit(b.charAt(j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (digit(at(a, i)) && digit(at(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (digit(at(a, i))) {
                return 1;
            }
            if (digit(at(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int order(char c) {
        if (digit(c)) {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
