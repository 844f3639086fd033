package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 8.1.4 items the score is computed over, with their importance (关键/重要/一般), taken from the checks
 * engine's {@link ClauseCatalog} so rules, catalog and score share one list; {@link #of} serves tests.
 */
public final class ClauseTable {
    private final Map<String, ClauseInfo> byClause;

    private ClauseTable(Map<String, ClauseInfo> byClause) {
        this.byClause = Collections.unmodifiableMap(byClause);
    }

    public static ClauseTable of(Collection<ClauseInfo> items) {
        Map<String, ClauseInfo> m = new LinkedHashMap<>();
        for (ClauseInfo c : items) {
            m.put(c.clause(), c);
        }
        return new ClauseTable(m);
    }

    /** The checks engine's level-3 host catalog (checks/src/main/resources/catalog/level3-host.yaml). */
    public static ClauseTable builtIn() {
        return from(ClauseCatalog.level3Host());
    }

    public static ClauseTable from(ClauseCatalog catalog) {
        List<ClauseInfo> items = new ArrayList<>();
        for (ClauseItem i : catalog.items()) {
            items.add(new ClauseInfo(i.clause(), i.control(), Importance.parse(i.weight()), i.summary(), i.text()));
        }
        return of(items);
    }

    public Optional<ClauseInfo> find(String clause) {
        return Optional.ofNullable(byClause.get(clause));
    }

    /** Whether the clause is one of the scored host items. */
    public boolean contains(String clause) {
        return byClause.containsKey(clause);
    }

    public String control(String clause) {
        ClauseInfo c = byClause.get(clause);
        return c == null ? "" : c.control();
    }

    public Importance importance(String clause) {
        ClauseInfo c = byClause.get(clause);
        return c == null ? Importance.GENERAL : c.importance();
    }

    public List<ClauseInfo> items() {
        return List.copyOf(byClause.values());
    }
}
