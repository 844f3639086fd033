package cn.dengbao.sentinel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ships: the runnable agent and collector jars carry no benchmark, test-support or test classes, and neither
 * carries the other program. The reactor packages both before this module's tests run ({@code mvn verify}); with
 * {@code mvn test} alone the jars do not exist and the check is skipped.
 */
class ProductJarsTest {

    /**
     * The shipped jars run on their own: the agent collects an offline root and the collector judges the file. A
     * dependency scoped away by mistake (it happened: protobuf-java-util in test scope) passes every in-process
     * test and breaks only here.
     */
    @Test
    void theShippedJarsCollectAndEvaluateOnTheirOwn(@TempDir Path tmp) throws Exception {
        Path agent = Path.of("../agent/target/sentinel-agent.jar");
        Path collector = Path.of("../collector/target/sentinel-collector.jar");
        assumeTrue(Files.isRegularFile(agent) && Files.isRegularFile(collector), "jars not packaged (run mvn verify)");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n");
        Files.writeString(root.resolve("etc/hostname"), "image-01\n");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path facts = tmp.resolve("facts.json");
        assertEquals(0, run(tmp, agent, "collect", "--root", root.toString(), "--out", facts.toString()));
        Path out = tmp.resolve("result.json");
        assertEquals(0, run(tmp, collector, "evaluate", "--facts", facts.toString(), "--format", "json", "--out", out.toString()));
        String json = Files.readString(out);
        assertTrue(json.contains("\"host\"") && json.contains("image-01") && json.contains("\"results\""), json);
    }

    private static int run(Path dir, Path jar, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(log));
        }
        return p.exitValue();
    }

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
