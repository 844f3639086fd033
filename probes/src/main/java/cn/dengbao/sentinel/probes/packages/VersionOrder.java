package cn.dengbao.sentinel.probes.packages;

import java.util.Comparator;

/**
 * Orders package and kernel versions the way rpm and dpkg broadly do: runs of digits compare numerically,
 * runs of letters lexically, '~' sorts before anything. Good enough to pick the newest installed kernel.
 */
public final class VersionOrder implements Comparator<String> {
    public static final VersionOrder INSTANCE = new VersionOrder();

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // skip separators
            while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && a.charAt(i) != '~') {
                i++;
            }
            while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && b.charAt(j) != '~') {
                j++;
            }
            boolean aTilde = i < a.length() && a.charAt(i) == '~';
            boolean bTilde = j < b.length() && b.charAt(j) == '~';
            if (aTilde || bTilde) {
                if (!bTilde) {
                    return -1;
                }
                if (!aTilde) {
                    return 1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= a.length() || j >= b.length()) {
                return Boolean.compare(i < a.length(), j < b.length());
            }
            boolean digit = Character.isDigit(a.charAt(i));
            if (digit != Character.isDigit(b.charAt(j))) {
                return digit ? 1 : -1;
            }
            int si = i;
            int sj = j;
            while (i < a.length() && (digit ? Character.isDigit(a.charAt(i)) : Character.isLetter(a.charAt(i)))) {
                i++;
            }
            while (j < b.length() && (digit ? Character.isDigit(b.charAt(j)) : Character.isLetter(b.charAt(j)))) {
                j++;
            }
            String x = a.substring(si, i);
            String y = b.substring(sj, j);
            int c;
            if (digit) {
                x = x.replaceFirst("^0+(?=.)", "");
                y = y.replaceFirst("^0+(?=.)", "");
                c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
