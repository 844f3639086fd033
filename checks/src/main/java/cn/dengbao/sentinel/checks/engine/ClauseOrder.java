package cn.dengbao.sentinel.checks.engine;

import java.util.Comparator;

/**
 * The one order of clause ids in every listing (demo, findings, exports): natural, so runs of digits compare as
 * numbers — 8.1.4.1a, 8.1.4.2a, …, 8.1.4.9c, 8.1.4.10a, 8.1.4.11b — which is also the catalog's (the standard's)
 * order. Plain text order would put 8.1.4.10a before 8.1.4.1a. Null and empty sort last.
 */
public final class ClauseOrder {
    /** Clause ids in natural order. */
    public static final Comparator<String> CLAUSES = ClauseOrder::compare;

    private ClauseOrder() {
    }

    /** Compares two clause ids (or any ids with embedded numbers: rule ids sort the same way). */
    public static int compare(String a, String b) {
        boolean ea = a == null || a.isEmpty();
        boolean eb = b == null || b.isEmpty();
        if (ea || eb) {
            return ea == eb ? 0 : ea ? 1 : -1;
        }
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (si < a.length() && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < b.length() && b.charAt(sj) == '0') {
                    sj++;
                }
                int ei = si, ej = sj;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int len = (ei - si) - (ej - sj);
                if (len != 0) {
                    return len;
                }
                for (int k = 0; k < ei - si; k++) {
                    int d = a.charAt(si + k) - b.charAt(sj + k);
                    if (d != 0) {
                        return d;
                    }
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return ca - cb;
                }
                i++;
                j++;
            }
        }
        int rest = (a.length() - i) - (b.length() - j);
        return rest != 0 ? rest : a.compareTo(b);
    }
}
