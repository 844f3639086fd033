package cn.dengbao.sentinel.collector.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    static final ZoneId SH = ZoneId.of("Asia/Shanghai");

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return SH;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Instant at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), SH).toInstant();
    }

    static void await(List<Future<?>> runs) throws Exception {
        for (Future<?> f : runs) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void missedRunsRunOnceAtStartThenFollowTheCron() throws Exception {
        InMemoryScheduleRepository schedules = new InMemoryScheduleRepository();
        InMemoryScanRunRepository runs = new InMemoryScanRunRepository();
        // last ran three days ago at 02:00; the collector was down since
        schedules.put(new Schedule(7, "prod", "0 2 * * *", ScanKind.SSH, at("2026-11-01T00:00"), at("2026-11-21T02:00"), null));
        MutableClock clock = new MutableClock(at("2026-11-24T09:00"));
        AtomicInteger calls = new AtomicInteger();
        try (Scheduler s = new Scheduler(schedules, runs, sch -> {
            calls.incrementAndGet();
            return new RunOutcome(3, 1, List.of(new RunOutcome.HostError("db-01", "连接超时")), List.of());
        }, clock, SH)) {
            s.recover();
            await(s.tick());
            await(s.tick());
            assertEquals(1, calls.get(), "three missed days run once, not three times");
            ScanRun r = runs.recent(10).get(0);
            assertEquals(7L, r.scheduleId());
            assertEquals(3, r.hostsOk());
            assertEquals(1, r.hostsFailed());
            assertTrue(r.errorsJson().contains("db-01") && r.errorsJson().contains("连接超时"), r.errorsJson());
            assertTrue(r.errorsJson().contains("补跑"), r.errorsJson());
            assertNull(schedules.byId(7).orElseThrow().runningSince());

            clock.now = at("2026-11-25T01:59");
            await(s.tick());
            assertEquals(1, calls.get());
            clock.now = at("2026-11-25T02:00:20");
            await(s.tick());
            assertEquals(2, calls.get());
            assertEquals(2, runs.recent(10).size());
        }
    }

    @Test
    void newScheduleWaitsForItsFirstCronTime() throws Exception {
        InMemoryScheduleRepository schedules = new InMemoryScheduleRepository();
        InMemoryScanRunRepository runs = new InMemoryScanRunRepository();
        MutableClock clock = new MutableClock(at("2026-11-24T09:00"));
        schedules.add("prod", "0 2 * * *", ScanKind.ALL, clock.instant());
        AtomicInteger calls = new AtomicInteger();
        try (Scheduler s = new Scheduler(schedules, runs, sch -> {
            calls.incrementAndGet();
            return RunOutcome.note("ok");
        }, clock, SH)) {
            await(s.tick());
            assertEquals(0, calls.get());
            assertTrue(runs.recent(5).isEmpty());
        }
    }

    @Test
    void overlappingRunIsSkippedAndRecordedNotStacked() throws Exception {
        InMemoryScheduleRepository schedules = new InMemoryScheduleRepository();
        InMemoryScanRunRepository runs = new InMemoryScanRunRepository();
        MutableClock clock = new MutableClock(at("2026-11-24T10:00:05"));
        schedules.put(new Schedule(1, "g", "*/5 * * * *", ScanKind.SSH, at("2026-11-24T09:00"), at("2026-11-24T09:55"), null));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (Scheduler s = new Scheduler(schedules, runs, sch -> {
            calls.incrementAndGet();
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return new RunOutcome(2, 0, List.of(), List.of());
        }, clock, SH)) {
            List<Future<?>> first = s.tick();
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            assertNotNull(schedules.byId(1).orElseThrow().runningSince());
            clock.now = at("2026-11-24T10:05:03");
            assertTrue(s.tick().isEmpty(), "not stacked");
            clock.now = at("2026-11-24T10:05:33");
            assertTrue(s.tick().isEmpty(), "the skipped due time is not retried every tick");
            release.countDown();
            await(first);
            assertEquals(1, calls.get());
            List<ScanRun> recorded = runs.recent(10);
            assertEquals(2, recorded.size());
            ScanRun skipped = recorded.stream().filter(r -> r.errorsJson().contains("已跳过")).findFirst().orElseThrow();
            assertEquals(0, skipped.hostsOk());
            ScanRun done = recorded.stream().filter(r -> r.hostsOk() == 2).findFirst().orElseThrow();
            assertNotNull(done.finishedAt());
            // after the run ends the schedule runs again at its next time
            clock.now = at("2026-11-24T10:10:01");
            await(s.tick());
            assertEquals(2, calls.get());
        }
    }

    @Test
    void runLeftOpenByAStoppedCollectorIsClearedAndRecorded() throws Exception {
        InMemoryScheduleRepository schedules = new InMemoryScheduleRepository();
        InMemoryScanRunRepository runs = new InMemoryScanRunRepository();
        schedules.put(new Schedule(3, "g", "0 2 * * *", ScanKind.SSH, at("2026-11-01T00:00"), at("2026-11-24T02:00"), at("2026-11-24T02:00")));
        MutableClock clock = new MutableClock(at("2026-11-24T09:00"));
        try (Scheduler s = new Scheduler(schedules, runs, sch -> RunOutcome.note("x"), clock, SH)) {
            s.recover();
            assertNull(schedules.byId(3).orElseThrow().runningSince());
            assertTrue(runs.recent(1).get(0).errorsJson().contains("上次运行未完成"));
            assertTrue(s.tick().isEmpty(), "02:00 today was already started: nothing due until tomorrow");
        }
    }

    @Test
    void failingJobIsRecordedAndReleasesTheSchedule() throws Exception {
        InMemoryScheduleRepository schedules = new InMemoryScheduleRepository();
        InMemoryScanRunRepository runs = new InMemoryScanRunRepository();
        schedules.put(new Schedule(4, "g", "* * * * *", ScanKind.SSH, at("2026-11-24T08:00"), null, null));
        MutableClock clock = new MutableClock(at("2026-11-24T08:01:10"));
        try (Scheduler s = new Scheduler(schedules, runs, sch -> {
            throw new IllegalStateException("store unavailable");
        }, clock, SH)) {
            await(s.tick());
            ScanRun r = runs.recent(1).get(0);
            assertTrue(r.errorsJson().contains("运行失败") && r.errorsJson().contains("store unavailable"), r.errorsJson());
            assertNull(schedules.byId(4).orElseThrow().runningSince());
        }
    }
}
