package cn.dengbao.sentinel.collector.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    static final ZoneId SH = ZoneId.of("Asia/Shanghai");

    static ZonedDateTime at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), SH);
    }

    static ZonedDateTime next(String cron, String after) {
        return CronExpression.parse(cron).next(at(after)).orElseThrow();
    }

    @Test
    void dailyAtTwo() {
        assertEquals(at("2026-11-25T02:00"), next("0 2 * * *", "2026-11-24T09:13:44"));
        assertEquals(at("2026-11-24T02:00"), next("0 2 * * *", "2026-11-24T01:59:59"));
        // strictly after: the same minute is not "next"
        assertEquals(at("2026-11-25T02:00"), next("0 2 * * *", "2026-11-24T02:00"));
    }

    @Test
    void listsRangesAndSteps() {
        assertEquals(at("2026-11-24T10:15"), next("*/15 * * * *", "2026-11-24T10:01"));
        assertEquals(at("2026-11-24T11:00"), next("*/15 * * * *", "2026-11-24T10:45"));
        assertEquals(at("2026-11-24T10:30"), next("10,30,50 * * * *", "2026-11-24T10:10"));
        assertEquals(at("2026-11-24T13:00"), next("0 9-17/4 * * *", "2026-11-24T09:00"));
        assertEquals(at("2026-11-25T09:00"), next("0 9-17/4 * * *", "2026-11-24T17:00"));
        assertEquals(at("2026-11-24T10:50"), next("20/30 * * * *", "2026-11-24T10:21"));
    }

    @Test
    void weekdaysMonthsAndNames() {
        // 2026-11-24 is a Tuesday
        assertEquals(at("2026-11-28T03:30"), next("30 3 * * 6", "2026-11-24T00:00"));
        assertEquals(at("2026-11-29T03:30"), next("30 3 * * 0", "2026-11-24T00:00"));
        assertEquals(at("2026-11-29T03:30"), next("30 3 * * 7", "2026-11-24T00:00"));
        assertEquals(at("2026-11-30T00:00"), next("0 0 * * mon-fri", "2026-11-27T12:00"));
        assertEquals(at("2027-01-01T00:00"), next("0 0 1 jan *", "2026-11-24T00:00"));
        assertEquals(at("2027-02-28T00:00"), next("0 0 28 2 *", "2026-11-24T00:00"));
    }

    @Test
    void domOrDowWhenBothRestricted() {
        // "on the 1st or on Fridays": from Tue 24 Nov the next is Fri 27 Nov, then Tue 1 Dec
        assertEquals(at("2026-11-27T00:00"), next("0 0 1 * 5", "2026-11-24T00:00"));
        assertEquals(at("2026-12-01T00:00"), next("0 0 1 * 5", "2026-11-27T00:00"));
    }

    @Test
    void leapDayAndImpossibleDates() {
        assertEquals(at("2028-02-29T00:00"), next("0 0 29 2 *", "2026-11-24T00:00"));
        assertTrue(CronExpression.parse("0 0 30 2 *").next(at("2026-11-24T00:00")).isEmpty());
    }

    @Test
    void matches() {
        assertTrue(CronExpression.parse("0 2 * * *").matches(at("2026-11-24T02:00")));
        assertFalse(CronExpression.parse("0 2 * * *").matches(at("2026-11-24T02:01")));
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(""));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 * * * *"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("60 2 * * *"));
        assertTrue(e.getMessage().contains("minute"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 24 * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 0 * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 * 13 *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 * * 8"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/0 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("5-1 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("1,,2 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("a * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("-1 * * * *"));
    }
}
