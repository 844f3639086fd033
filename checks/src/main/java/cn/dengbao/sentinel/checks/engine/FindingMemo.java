package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Finding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded, thread-safe map from (rule, input digest) to the finding built for it. Striped into up to 64
 * access-ordered segments, each evicting its least recently used entry when full, so ingest threads rarely
 * contend on one lock and the total never exceeds the capacity. Findings are immutable protobufs and are shared
 * as they are.
 */
final class FindingMemo {

    private static final int MAX_SEGMENTS = 64;

    private final Segment[] segments;
    private final int capacity;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    FindingMemo(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("memo capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        // a power of two, at most one segment per entry, so every segment can hold at least one
        int n = Integer.highestOneBit(Math.min(MAX_SEGMENTS, capacity));
        segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment(capacity / n + (i < capacity % n ? 1 : 0));
        }
    }

    /** The memoised finding, or null (counted as a miss: the caller evaluates and {@link #put}s). */
    Finding get(Key key) {
        Segment s = segment(key);
        Finding f;
        synchronized (s) {
            f = s.get(key);
        }
        (f == null ? misses : hits).increment();
        return f;
    }

    void put(Key key, Finding finding) {
        Segment s = segment(key);
        synchronized (s) {
            s.put(key, finding);
        }
    }

    int size() {
        int n = 0;
        for (Segment s : segments) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    int capacity() {
        return capacity;
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    private Segment segment(Key key) {
        // high bits pick the segment; the segment's hash table uses the low ones
        return segments[(key.hash >>> 26) & (segments.length - 1)];
    }

    private static final class Segment extends LinkedHashMap<Key, Finding> {
        private final int max;

        Segment(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Finding> eldest) {
            return size() > max;
        }
    }

    /**
     * A rule (by its index in the engine) and the digests of everything it reads, compared in full: the only
     * collision risk is that of the 128-bit digests themselves.
     */
    static final class Key {
        private final int rule;
        private final long[] words;
        private final int hash;

        Key(int rule, long[] words) {
            this.rule = rule;
            this.words = words;
            long h = rule * 0x9E3779B97F4A7C15L;
            for (long w : words) {
                h = (h ^ w) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            this.hash = (int) (h ^ (h >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.rule == rule && Arrays.equals(k.words, words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
