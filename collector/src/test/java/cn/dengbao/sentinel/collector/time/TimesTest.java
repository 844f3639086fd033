package cn.dengbao.sentinel.collector.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final Times BEIJING = Times.of(ZoneId.of("Asia/Shanghai"));
    private static final Times UTC = Times.of(ZoneOffset.UTC);
    /** 20:00 UTC on 01-01 is already 04:00 on 01-02 in Beijing. */
    private static final Instant EVENING_UTC = Instant.parse("2026-01-01T20:00:05Z");

    @Test
    void textShowsTheZonesOffset() {
        assertEquals("2026-01-02 04:00:05 +08:00", BEIJING.text(EVENING_UTC));
        assertEquals("2026-01-01 20:00:05 +00:00", UTC.text(EVENING_UTC));
        assertEquals("", BEIJING.text(null));
    }

    @Test
    void isoCarriesTheOffsetAndMeansTheSameInstant() {
        assertEquals("2026-01-02T04:00:05+08:00", BEIJING.iso(EVENING_UTC));
        assertEquals("2026-01-02T04:00:05.123+08:00", BEIJING.iso(EVENING_UTC.plusMillis(123)));
        assertEquals(EVENING_UTC, Instant.parse(BEIJING.iso(EVENING_UTC)));
        assertNull(BEIJING.iso(null));
    }

    @Test
    void calendarDaysAreTheZones() {
        assertEquals(LocalDate.of(2026, 1, 2), BEIJING.day(EVENING_UTC));
        assertEquals(LocalDate.of(2026, 1, 1), UTC.day(EVENING_UTC));
        Instant lateFirst = Instant.parse("2026-03-01T15:30:00Z");   // 23:30 in Beijing
        Instant earlySecond = Instant.parse("2026-03-01T16:30:00Z"); // 00:30 next day in Beijing
        assertEquals(1, BEIJING.daysBetween(lateFirst, earlySecond));
        assertEquals(0, UTC.daysBetween(lateFirst, earlySecond));
        assertEquals(0, BEIJING.daysBetween(earlySecond, lateFirst), "never negative");
    }

    @Test
    void sinceAndAsOfDatesAreDaysInTheZone() {
        assertEquals(Instant.parse("2026-02-28T16:00:00Z"), BEIJING.parseSince("2026-03-01"));
        assertEquals(Instant.parse("2026-03-01T15:59:59.999Z"), BEIJING.parseAsOf("2026-03-01"));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), UTC.parseSince("2026-03-01"));
        // an ISO time names its own instant, whatever the zone
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), BEIJING.parseSince("2026-03-01T08:00:00+08:00"));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), BEIJING.parseAsOf("2026-03-01T00:00:00Z"));
        assertNull(BEIJING.parseSince(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BEIJING.parseSince("03/01/2026"));
        assertTrue(e.getMessage().contains("日期格式错误"), e.getMessage());
    }

    @Test
    void unknownZoneIsAnError() {
        assertEquals(ZoneId.of("Asia/Shanghai"), Times.parseZone("Asia/Shanghai"));
        assertEquals(ZoneOffset.ofHours(8), Times.parseZone("+08:00"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Times.parseZone("Asia/Beijing"));
        assertTrue(e.getMessage().contains("未知时区") && e.getMessage().contains("Asia/Beijing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Times.parseZone("not a zone"));
    }
}
