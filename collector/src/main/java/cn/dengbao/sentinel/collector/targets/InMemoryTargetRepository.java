package cn.dengbao.sentinel.collector.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** For tests and the benchmark; not persistent. */
public final class InMemoryTargetRepository implements TargetRepository {

    private final Map<String, StoredTarget> rows = new TreeMap<>();

    @Override
    public synchronized boolean add(StoredTarget target) {
        return rows.putIfAbsent(target.name(), target) == null;
    }

    @Override
    public synchronized Optional<StoredTarget> byName(String name) {
        return Optional.ofNullable(rows.get(name));
    }

    @Override
    public synchronized List<StoredTarget> list() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized boolean remove(String name) {
        return rows.remove(name) != null;
    }
}
