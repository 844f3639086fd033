package cn.dengbao.sentinel.collector.export;

import java.util.Locale;

/** Number formatting shared by the exports and reports (times: {@link cn.dengbao.sentinel.collector.time.Times}). */
public final class Formats {
    private Formats() {
    }

    /** One decimal, or "—" for NaN (nothing to compute). */
    public static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** A 0..1 rate as a percentage with one decimal, or "—". */
    public static String percent(double rate) {
        return Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100.0);
    }
}
