package cn.dengbao.sentinel.collector.schedule;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression: minute hour day-of-month month day-of-week, each {@code *}, a number, a range
 * {@code a-b}, a step {@code *}/n, {@code a-b/n} or {@code a/n}, or a comma list of those; months and weekdays
 * also by English 3-letter names; day-of-week 0 and 7 are Sunday. As in Vixie cron, when both day fields are
 * restricted a day matches if either does.
 */
public final class CronExpression {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet dom, BitSet months, BitSet dow,
                           boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = dom;
        this.months = months;
        this.daysOfWeek = dow;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /** Parses; the message of the IllegalArgumentException says which field is wrong and why (zh-CN). */
    public static CronExpression parse(String expr) {
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException("cron 表达式为空 (需要 5 个字段: 分 时 日 月 周)");
        }
        String[] f = expr.strip().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron 表达式需要 5 个字段 (分 时 日 月 周), 得到 " + f.length + " 个: " + expr);
        }
        BitSet min = field(f[0], "分钟 minute", 0, 59, null);
        BitSet hour = field(f[1], "小时 hour", 0, 23, null);
        BitSet dom = field(f[2], "日 day-of-month", 1, 31, null);
        BitSet mon = field(f[3], "月 month", 1, 12, MONTHS);
        BitSet dow = field(f[4], "周 day-of-week", 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        return new CronExpression(String.join(" ", f), min, hour, dom, mon, dow, !f[2].equals("*"), !f[4].equals("*"));
    }

    private static BitSet field(String spec, String name, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException(name + " 字段有空项: '" + spec + "'");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), name, 1, max, null);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                from = number(range.substring(0, dash), name, min, max, names);
                to = number(range.substring(dash + 1), name, min, max, names);
                if (from > to) {
                    throw new IllegalArgumentException(name + " 范围起点大于终点: '" + part + "'");
                }
            } else {
                from = number(range, name, min, max, names);
                to = slash >= 0 ? max : from;   // "a/n" = from a to the end, every n
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, String name, int min, int max, String[] names) {
        if (names != null) {
            String u = s.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(u)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 4) {
            throw new IllegalArgumentException(name + " 字段值无效: '" + s + "'");
        }
        int v = Integer.parseInt(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " 取值 " + v + " 超出范围 " + min + "-" + max);
        }
        return v;
    }

    /** The first matching minute strictly after {@code after}; empty if none within 5 years (e.g. "0 0 30 2 *"). */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = after.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    public boolean matches(ZonedDateTime t) {
        return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue()) && dayMatches(t);
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
