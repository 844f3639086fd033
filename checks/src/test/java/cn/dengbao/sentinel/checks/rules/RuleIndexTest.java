package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The index files list every rule file in the source tree, so no rule is silently left out of the jar's catalog. */
class RuleIndexTest {

    private static final Path RULES = Path.of("src/main/resources/rules");

    @Test
    void groupsListAllElevenClauseGroups() throws IOException {
        List<String> groups = Files.readAllLines(RULES.resolve("groups.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of("8.1.4.1", "8.1.4.2", "8.1.4.3", "8.1.4.4", "8.1.4.5", "8.1.4.6", "8.1.4.7", "8.1.4.8",
                "8.1.4.9", "8.1.4.10", "8.1.4.11"), groups);
    }

    @Test
    void everyRuleFileIsIndexedAndLoaded() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith(".tests.yaml")).toList()) {
                onDisk.add(yaml.readTree(p.toFile()).get("id").asText());
            }
        }
        Set<String> loaded = RuleCatalog.builtIn().definitions().stream().map(RuleDefinition::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(onDisk, loaded);
    }
}
