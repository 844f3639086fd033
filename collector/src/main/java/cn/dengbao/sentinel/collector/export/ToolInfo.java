package cn.dengbao.sentinel.collector.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Version string for manifests and reports, and the CLI's date parsing. */
public final class ToolInfo {
    public static final String VERSION = "sentinel-collector 0.1.0";

    private ToolInfo() {
    }

    /** {@code 2026-03-01} means the END of that day (Beijing time), so the day's scans are included; or an ISO instant. */
    public static Instant parseAsOf(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s).plusDays(1).atStartOfDay(Formats.ZONE).toInstant().minusMillis(1);
        } catch (DateTimeParseException e) {
            return parseSince(s);
        }
    }

    /** {@code 2026-03-01} (midnight Beijing time) or an ISO instant {@code 2026-03-01T00:00:00Z}; null stays null. */
    public static Instant parseSince(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s).atStartOfDay(Formats.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("日期格式错误: " + s + "（应为 yyyy-MM-dd 或 ISO-8601 时间）");
            }
        }
    }
}
