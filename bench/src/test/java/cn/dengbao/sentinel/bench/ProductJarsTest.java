package cn.dengbao.sentinel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ships: the runnable agent and collector jars carry no benchmark, test-support or test classes, and neither
 * carries the other program. The reactor packages both before this module's tests run ({@code mvn verify}); with
 * {@code mvn test} alone the jars do not exist and the check is skipped.
 */
class ProductJarsTest {

    @ParameterizedTest
    @CsvSource({
            "agent/target/sentinel-agent.jar,     cn/dengbao/sentinel/(collector|checks|bench|testkit)/",
            "collector/target/sentinel-collector.jar, cn/dengbao/sentinel/(agent|bench|testkit)/"})
    void productJarsShipNoBenchTestOrForeignProgramClasses(String jar, String foreignPackages) throws IOException {
        Path file = Path.of("..").resolve(jar.strip());
        assumeTrue(Files.isRegularFile(file), jar + " not packaged (run mvn verify)");
        Pattern foreign = Pattern.compile(foreignPackages.strip());
        // test classes and fakes by name; the shaded third-party jars have none of ours
        Pattern testish = Pattern.compile("cn/dengbao/sentinel/.*/(\\w*Test|\\w*Tests|InMemory\\w*|Test\\w*|\\w*Fixtures?|Bench\\w*)(\\$.*)?\\.class");
        try (JarFile j = new JarFile(file.toFile())) {
            List<String> bad = j.stream().map(e -> e.getName())
                    .filter(n -> foreign.matcher(n).find() || testish.matcher(n).matches())
                    .toList();
            assertEquals(List.of(), bad, jar + " ships classes it must not");
            assertFalse(j.stream().noneMatch(e -> e.getName().startsWith("cn/dengbao/sentinel/")), jar + " has none of our classes");
        }
    }
}
