package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Finding;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical instances of findings that cannot be memoised (rules reading the collection time change inputs on
 * every report) but usually come out the same: equal findings become the same instance, so what downstream
 * recognises by instance (the store's results digest) still recognises them. Bounded: when full it starts over.
 */
final class FindingInterner {
    private final int max;
    private final ConcurrentHashMap<Finding, Finding> canonical = new ConcurrentHashMap<>();

    FindingInterner(int max) {
        this.max = max;
    }

    Finding intern(Finding f) {
        Finding c = canonical.get(f);
        if (c != null) {
            return c;
        }
        if (canonical.size() >= max) {
            canonical.clear();
        }
        c = canonical.putIfAbsent(f, f);
        return c == null ? f : c;
    }

    int size() {
        return canonical.size();
    }
}
