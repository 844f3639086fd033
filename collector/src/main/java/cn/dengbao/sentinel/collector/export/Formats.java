package cn.dengbao.sentinel.collector.export;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number and time formatting shared by the exports; times in Beijing time, as the assessors' reports use. */
public final class Formats {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    private Formats() {
    }

    public static String dateTime(Instant t) {
        return t == null ? "" : DATE_TIME.format(t);
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
