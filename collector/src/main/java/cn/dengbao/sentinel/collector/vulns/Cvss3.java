package cn.dengbao.sentinel.collector.vulns;

import java.util.HashMap;
import java.util.Map;

/**
 * The CVSS v3.0/v3.1 base score of a vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}), by the formula of
 * the FIRST specification (section 7.1, with 3.1's Roundup): for feeds that publish only the vector (Ubuntu OSV,
 * Anolis OVAL writes both). Null for anything that is not a complete v3 vector, never a guess.
 */
final class Cvss3 {
    private Cvss3() {
    }

    static Double baseScore(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) {
            return null;
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.split("/")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                m.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        boolean changed = "C".equals(m.get("S"));
        double av = pick(m.get("AV"), "N", .85, "A", .62, "L", .55, "P", .2);
        double ac = pick(m.get("AC"), "L", .77, "H", .44);
        double pr = pick(m.get("PR"), "N", .85, "L", changed ? .68 : .62, "H", changed ? .5 : .27);
        double ui = pick(m.get("UI"), "N", .85, "R", .62);
        double c = pick(m.get("C"), "H", .56, "L", .22, "N", 0);
        double i = pick(m.get("I"), "H", .56, "L", .22, "N", 0);
        double a = pick(m.get("A"), "H", .56, "L", .22, "N", 0);
        if (Double.isNaN(av + ac + pr + ui + c + i + a) || !("U".equals(m.get("S")) || changed)) {
            return null;
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return 0.0;
        }
        return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
    }

    /** CVSS 3.1 Appendix A: the smallest one-decimal number ≥ x, free of floating-point error. */
    static double roundUp(double x) {
        long i = Math.round(x * 100_000);
        return i % 10_000 == 0 ? i / 100_000.0 : (Math.floor(i / 10_000.0) + 1) / 10.0;
    }

    private static double pick(String v, Object... pairs) {
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k].equals(v)) {
                return ((Number) pairs[k + 1]).doubleValue();
            }
        }
        return Double.NaN;
    }
}
