package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClauseOrderTest {

    @Test
    void numbersCompareAsNumbersSoTenComesAfterNine() {
        List<String> l = new ArrayList<>(List.of("8.1.4.10b", "8.1.4.11a", "8.1.4.1b", "8.1.4.10a", "8.1.4.9c",
                "8.1.4.1a", "8.1.4.5", "8.1.4.11b", "8.1.4.2a"));
        l.sort(ClauseOrder.CLAUSES);
        assertEquals(List.of("8.1.4.1a", "8.1.4.1b", "8.1.4.2a", "8.1.4.5", "8.1.4.9c", "8.1.4.10a", "8.1.4.10b",
                "8.1.4.11a", "8.1.4.11b"), l);
    }

    @Test
    void theCatalogIsInThisOrder() {
        List<String> catalog = ClauseCatalog.level3Host().items().stream().map(ClauseItem::clause).toList();
        List<String> shuffled = new ArrayList<>(catalog);
        Collections.reverse(shuffled);
        shuffled.sort(ClauseOrder.CLAUSES);
        assertEquals(catalog, shuffled);
        assertEquals(34, catalog.size());
        // every item carries the standard's wording (a requirement: 应… / 可…), not only the paraphrase
        ClauseCatalog.level3Host().items().forEach(i -> assertEquals(true, (i.text().contains("应")
                || i.text().startsWith("可")) && !i.text().equals(i.summary()), i.clause()));
    }

    @Test
    void ruleIdsAndEmptyValues() {
        List<String> l = new ArrayList<>(java.util.Arrays.asList("auth-10", "", "auth-2", null, "auth-02x"));
        l.sort(ClauseOrder.CLAUSES);
        assertEquals(java.util.Arrays.asList("auth-2", "auth-02x", "auth-10", "", null), l);
    }
}
