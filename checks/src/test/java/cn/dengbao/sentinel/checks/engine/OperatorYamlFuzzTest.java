package cn.dengbao.sentinel.checks.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Profiles and rule files are operator input and travel between sites: any text is either taken or refused with
 * {@link ProfileException} / {@link RuleLoadException} naming the file, never another exception and never a profile
 * that turns rules to ERROR later. In {@code mvn verify} this replays the inputs under
 * {@code src/test/resources/.../OperatorYamlFuzzTestInputs}; a long run:
 * {@code JAZZER_FUZZ=1 mvn -o test -pl checks -am -Dtest=OperatorYamlFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OperatorYamlFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void profilesAreAcceptedOrRefusedWithTheirPath(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-profile");
        try {
            Path file = Files.writeString(dir.resolve("p.yaml"), data.consumeRemainingAsString());
            try {
                new RuleEngine(RuleCatalog.builtIn(), Profile.load(file));
            } catch (ProfileException e) {
                requireNamed(e, file);
            }
        } finally {
            delete(dir);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void ruleFilesLoadOrAreRefusedWithTheirPath(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-rules");
        try {
            Path file = Files.writeString(dir.resolve("r.yaml"), data.consumeRemainingAsString());
            try {
                RuleCatalog.ofDirectory(dir);
            } catch (RuleLoadException e) {
                requireNamed(e, file);
            }
        } finally {
            delete(dir);
        }
    }

    private static void requireNamed(RuntimeException e, Path file) {
        if (e.getMessage() == null || !e.getMessage().contains(file.getFileName().toString())) {
            throw new AssertionError("refusal that does not name the file: " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
