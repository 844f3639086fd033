package cn.dengbao.sentinel.collector.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The one rule for times in the collector's output. Instants are stored as UTC epoch milliseconds; every text
 * output (CLI tables, exports, reports) shows them in the collector's configured zone ({@code timeZone} in
 * collector.yaml, default the system's) with the offset written, {@code 2026-01-02 04:00:05 +08:00}, so a reader
 * never has to guess the zone; JSON carries ISO-8601 with that offset, {@code 2026-01-02T04:00:05+08:00}.
 * Date-only values (days to fix, overdue, {@code --since DATE}, {@code --as-of DATE}) are calendar days in that
 * zone. Two outputs that format the same instant with the same {@code Times} therefore show the same day.
 */
public final class Times {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx", Locale.ROOT);

    private final ZoneId zone;

    private Times(ZoneId zone) {
        this.zone = zone;
    }

    public static Times of(ZoneId zone) {
        return new Times(zone);
    }

    /** The system's zone: the default when no zone is configured (and for commands that have no configuration). */
    public static Times system() {
        return new Times(ZoneId.systemDefault());
    }

    /**
     * A configured zone id ({@code Asia/Shanghai}, {@code UTC}, {@code +08:00}).
     * @throws IllegalArgumentException for an id the JDK does not know
     */
    public static ZoneId parseZone(String id) {
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone: 未知时区 \"" + id + "\"（应为 IANA 时区名，例如 Asia/Shanghai；"
                    + "unknown time zone)");
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** For tables and documents: {@code 2026-01-02 04:00:05 +08:00}; empty for null. */
    public String text(Instant t) {
        return t == null ? "" : TEXT.format(t.atZone(zone));
    }

    /** For JSON and machine-read CSV: ISO-8601 with the offset, {@code 2026-01-02T04:00:05+08:00}; null for null. */
    public String iso(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone));
    }

    public ZonedDateTime at(Instant t) {
        return t.atZone(zone);
    }

    /** The calendar day an instant falls on in this zone. */
    public LocalDate day(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    /** Calendar days from the day of {@code from} to the day of {@code to} in this zone; 0 when {@code to} is not later. */
    public long daysBetween(Instant from, Instant to) {
        return Math.max(0, ChronoUnit.DAYS.between(day(from), day(to)));
    }

    /** Midnight at the start of a day in this zone. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /**
     * {@code --since}: {@code 2026-03-01} is midnight at the start of that day in this zone; an ISO-8601 instant
     * ({@code 2026-03-01T00:00:00Z}, {@code 2026-03-01T08:00:00+08:00}) is taken as it is; null stays null.
     */
    public Instant parseSince(String s) {
        if (s == null) {
            return null;
        }
        try {
            return startOf(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return parseInstant(s);
        }
    }

    /** {@code --as-of}: {@code 2026-03-01} is the END of that day in this zone (its scans included); or an ISO instant. */
    public Instant parseAsOf(String s) {
        if (s == null) {
            return null;
        }
        try {
            return startOf(LocalDate.parse(s).plusDays(1)).minusMillis(1);
        } catch (DateTimeParseException e) {
            return parseInstant(s);
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("日期格式错误: " + s + "（应为 yyyy-MM-dd 或带时区的 ISO-8601 时间，"
                    + "如 2026-03-01T08:00:00+08:00）");
        }
    }

    @Override
    public String toString() {
        return zone.getId();
    }
}
