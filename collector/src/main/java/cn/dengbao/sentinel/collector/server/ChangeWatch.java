package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.store.StoreChanges;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads the store's change feed ({@link StoreChanges}) at most once per {@link #EVERY_MILLIS}, asked by a cache
 * on its own path (one query a second per cache, not one per report), so an operator's change made through any
 * collector sharing the database reaches this one's caches in about a second. Starts at the feed's head: a cache
 * created now holds nothing older. Two changes committed out of id order within one poll may let the later-
 * committed one be missed; the caches' TTL still bounds how long that entry stays stale.
 */
final class ChangeWatch {
    static final long EVERY_MILLIS = 1_000;
    private static final int BATCH = 10_000;

    private final StoreChanges changes;
    private final LongSupplier clock;
    private long cursor = -1;
    private long lastPoll;

    ChangeWatch(StoreChanges changes, LongSupplier clock) {
        this.changes = changes;
        this.clock = clock;
    }

    /** The changes since the last call that returned some; empty when polled less than a second ago. */
    synchronized List<StoreChanges.Change> poll() {
        long now = clock.getAsLong();
        try {
            if (cursor < 0) {
                cursor = changes.head();
                lastPoll = now;
                return List.of();
            }
            if (now - lastPoll < EVERY_MILLIS) {
                return List.of();
            }
            lastPoll = now;
            List<StoreChanges.Change> out = changes.after(cursor, BATCH);
            if (!out.isEmpty()) {
                cursor = out.get(out.size() - 1).id();
            }
            return out;
        } catch (RuntimeException e) {
            return List.of(); // store briefly unavailable: the next poll reads what was missed
        }
    }
}
