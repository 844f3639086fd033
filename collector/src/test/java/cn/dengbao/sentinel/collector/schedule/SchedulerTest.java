package cn.dengbao.sentinel.collector.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.ScheduleRecord;
import cn.dengbao.sentinel.collector.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler over the real (embedded H2) store, with a test clock. */
class SchedulerTest {

    static final ZoneId SH = ZoneId.of("Asia/Shanghai");
    static final Duration STALE = Duration.ofHours(6);

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

    static Scheduler scheduler(Store store, ScheduleJob job, Clock clock) {
        return new Scheduler(store.schedules(), store.scanRuns(), job, clock, SH, STALE);
    }

    /** A schedule every five minutes that last ran at 09:55 on 24 Nov 2026: its 10:00 run is due after 10:00. */
    private static String everyFiveMinutesLastRunAt0955(Store store, String kind) {
        String id = store.schedules().create("g", "*/5 * * * *", kind).id();
        store.schedules().finish(id, at("2026-11-24T09:55:10"));
        return id;
    }

    @Test
    void missedRunsRunOnceAtStartThenFollowTheCronAndSurviveRestart(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(at("2026-11-24T09:00"));
        AtomicInteger calls = new AtomicInteger();
        ScheduleJob job = s -> {
            calls.incrementAndGet();
            return new RunOutcome(3, 1, List.of(new RunOutcome.HostError("db-01", "连接超时")), List.of());
        };
        String id;
        try (Store store = Store.embedded(dir)) {
            id = store.schedules().create("prod", "0 2 * * *", "ssh").id();
            // it last ran three days ago at 02:00; the collector was down since
            store.schedules().finish(id, at("2026-11-21T02:00:30"));
        }
        try (Store store = Store.embedded(dir); Scheduler s = scheduler(store, job, clock)) {
            await(s.tick());
            await(s.tick());
            assertEquals(1, calls.get(), "three missed days run once, not three times");
            ScanRunRecord r = store.scanRuns().list(10).get(0);
            assertEquals(id, r.scheduleId());
            assertEquals(3, r.hostsOk());
            assertEquals(1, r.hostsFailed());
            assertNotNull(r.finishedAt());
            assertTrue(r.errorsJson().contains("db-01") && r.errorsJson().contains("连接超时"), r.errorsJson());
            assertTrue(r.errorsJson().contains("补跑"), r.errorsJson());
            ScheduleRecord after = store.schedules().byId(id).orElseThrow();
            assertNull(after.runningSince());
            assertEquals(at("2026-11-24T09:00"), after.lastRunAt());
        }
        // restart: the schedule and its run history are still there, nothing is due until 02:00
        try (Store store = Store.embedded(dir); Scheduler s = scheduler(store, job, clock)) {
            assertEquals(1, store.schedules().list().size());
            assertEquals(1, store.scanRuns().list(10).size());
            clock.now = at("2026-11-25T01:59");
            await(s.tick());
            assertEquals(1, calls.get());
            clock.now = at("2026-11-25T02:00:20");
            await(s.tick());
            assertEquals(2, calls.get());
            assertEquals(2, store.scanRuns().list(10).size());
        }
    }

    @Test
    void newScheduleWaitsForItsFirstCronTime(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir)) {
            store.schedules().create("prod", "0 2 1 1 *", "all");
            AtomicInteger calls = new AtomicInteger();
            // a clock just after creation: 1 Jan 02:00 has not come yet (unless the test runs on 1 Jan at 02:00)
            try (Scheduler s = scheduler(store, sch -> {
                calls.incrementAndGet();
                return RunOutcome.note("ok");
            }, Clock.systemUTC())) {
                await(s.tick());
                assertEquals(0, calls.get());
                assertTrue(store.scanRuns().list(5).isEmpty());
            }
        }
    }

    @Test
    void overlappingRunIsSkippedAndRecordedNotStacked(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir)) {
            String id = everyFiveMinutesLastRunAt0955(store, "ssh");
            MutableClock clock = new MutableClock(at("2026-11-24T10:00:05"));
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            try (Scheduler s = scheduler(store, sch -> {
                calls.incrementAndGet();
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                return new RunOutcome(2, 0, List.of(), List.of());
            }, clock)) {
                List<Future<?>> first = s.tick();
                assertTrue(entered.await(5, TimeUnit.SECONDS));
                assertNotNull(store.schedules().byId(id).orElseThrow().runningSince());
                assertTrue(s.tick().isEmpty(), "same due time: nothing new");
                clock.now = at("2026-11-24T10:05:03");
                assertTrue(s.tick().isEmpty(), "10:05 is due while 10:00 still runs: not stacked");
                clock.now = at("2026-11-24T10:05:33");
                assertTrue(s.tick().isEmpty(), "the skipped due time is recorded once, not every tick");
                release.countDown();
                await(first);
                assertEquals(1, calls.get());
                List<ScanRunRecord> recorded = store.scanRuns().list(10);
                assertEquals(2, recorded.size(), recorded.toString());
                ScanRunRecord skipped = recorded.stream().filter(r -> r.errorsJson() != null && r.errorsJson().contains("已跳过"))
                        .findFirst().orElseThrow();
                assertEquals(0, skipped.hostsOk());
                assertEquals(id, skipped.scheduleId());
                ScanRunRecord done = recorded.stream().filter(r -> r.hostsOk() == 2).findFirst().orElseThrow();
                assertNotNull(done.finishedAt());
                // after the run ends the schedule runs again at its next time, not immediately
                assertTrue(s.tick().isEmpty());
                clock.now = at("2026-11-24T10:10:01");
                await(s.tick());
                assertEquals(2, calls.get());
            }
        }
    }

    @Test
    void twoCollectorsSharingTheStoreRunEachCronTimeOnce(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir)) {
            String id = everyFiveMinutesLastRunAt0955(store, "agent");
            MutableClock clock = new MutableClock(at("2026-11-24T10:00:05"));
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            ScheduleJob job = sch -> {
                calls.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                return new RunOutcome(1, 0, List.of(), List.of());
            };
            try (Scheduler a = new Scheduler(store.schedules(), store.scanRuns(), job, clock, SH, STALE, "collector-a");
                 Scheduler b = new Scheduler(store.schedules(), store.scanRuns(), job, clock, SH, STALE, "collector-b")) {
                List<Future<?>> first = a.tick();
                assertEquals(1, first.size());
                // B sees the same cron time due while A runs it: neither a second run nor a "skipped" record
                assertTrue(b.tick().isEmpty());
                release.countDown();
                await(first);
                assertTrue(b.tick().isEmpty(), "after A's run: not due for B either");
                // a collector that read the schedule before A finished cannot run that cron time again
                org.junit.jupiter.api.Assertions.assertFalse(store.schedules().claimFire(id, at("2026-11-24T10:00"),
                        "collector-b", clock.instant()));
                assertEquals(1, calls.get());
                assertEquals(1, store.scanRuns().list(10).size(), store.scanRuns().list(10).toString());
                assertEquals("collector-a", store.schedules().fireClaimedBy(id, at("2026-11-24T10:00")).orElseThrow());
                // the next cron time goes to whichever collector ticks first, once
                clock.now = at("2026-11-24T10:05:01");
                await(b.tick());
                assertTrue(a.tick().isEmpty());
                assertEquals(2, calls.get());
                assertEquals(2, store.scanRuns().list(10).size());
                assertEquals("collector-b", store.schedules().fireClaimedBy(id, at("2026-11-24T10:05")).orElseThrow());
            }
        }
    }

    @Test
    void claimLeftByAStoppedCollectorIsTakenOverWhenStale(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir)) {
            String id = store.schedules().create("g", "0 2 * * *", "ssh").id();
            store.schedules().finish(id, at("2026-11-22T02:00:10"));
            // a collector claimed the 23rd's run and died
            assertTrue(store.schedules().tryStart(id, at("2026-11-23T02:00:05"), STALE));
            MutableClock clock = new MutableClock(at("2026-11-24T09:00"));
            AtomicInteger calls = new AtomicInteger();
            try (Scheduler s = scheduler(store, sch -> {
                calls.incrementAndGet();
                return new RunOutcome(1, 0, List.of(), List.of());
            }, clock)) {
                await(s.tick());
                assertEquals(1, calls.get());
                String json = store.scanRuns().list(1).get(0).errorsJson();
                assertTrue(json.contains("上次运行未完成"), json);
                assertNull(store.schedules().byId(id).orElseThrow().runningSince());
            }
        }
    }

    @Test
    void failingJobIsRecordedAndReleasesTheSchedule(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir)) {
            String id = store.schedules().create("g", "* * * * *", "ssh").id();
            store.schedules().finish(id, at("2026-11-24T08:00"));
            MutableClock clock = new MutableClock(at("2026-11-24T08:01:10"));
            try (Scheduler s = scheduler(store, sch -> {
                throw new IllegalStateException("store unavailable");
            }, clock)) {
                await(s.tick());
                ScanRunRecord r = store.scanRuns().list(1).get(0);
                assertTrue(r.errorsJson().contains("运行失败") && r.errorsJson().contains("store unavailable"), r.errorsJson());
                assertNull(store.schedules().byId(id).orElseThrow().runningSince());
            }
        }
    }
}
