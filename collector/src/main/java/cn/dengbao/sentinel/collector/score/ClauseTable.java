package cn.dengbao.sentinel.collector.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 8.1.4 items the score is computed over, with their importance. Read from {@code scoring/clauses.yaml}
 * until the checks engine's ClauseCatalog is available; {@link #of} lets a caller feed that catalog instead.
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

    public static ClauseTable builtIn() {
        try (InputStream in = ClauseTable.class.getResourceAsStream("/scoring/clauses.yaml")) {
            if (in == null) {
                throw new IllegalStateException("scoring/clauses.yaml missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClauseTable parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        Map<String, ClauseInfo> m = new LinkedHashMap<>();
        for (JsonNode n : root.path("items")) {
            String clause = n.path("clause").asText();
            m.put(clause, new ClauseInfo(clause, n.path("control").asText(),
                    Importance.parse(n.path("importance").asText()), n.path("summary").asText()));
        }
        return new ClauseTable(m);
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
