package cn.dengbao.sentinel.collector.targets;

import java.util.List;
import java.util.Optional;

/** Persistence of SSH targets; the store implements it over table {@code ssh_targets}. */
public interface TargetRepository {

    /** Inserts; false when a target of that name exists (nothing is overwritten). */
    boolean add(StoredTarget target);

    Optional<StoredTarget> byName(String name);

    /** Sorted by name. */
    List<StoredTarget> list();

    boolean remove(String name);

    /** Targets of a group; {@code "*"} = all. */
    default List<StoredTarget> byGroup(String group) {
        if (group == null || group.equals("*")) {
            return list();
        }
        return list().stream().filter(t -> group.equals(t.group())).toList();
    }
}
