package cn.dengbao.sentinel.collector.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "90s", "30m", "24h", "7d" → Duration. */
final class Durations {
    private static final Pattern P = Pattern.compile("(\\d{1,9})([smhd])");

    private Durations() {
    }

    static Duration parse(String s) {
        Matcher m = P.matcher(s == null ? "" : s.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("时长格式应为 90s、30m、24h 或 7d (duration must look like 90s, 30m, 24h or 7d): " + s);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
