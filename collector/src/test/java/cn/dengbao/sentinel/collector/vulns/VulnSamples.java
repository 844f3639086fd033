package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The vendors' published samples in the shared data directory (read there, never copied into the project): found by
 * walking up from the module's directory to a {@code shared/data/vuln-samples} directory. Tests that need them skip,
 * saying why, when it is absent.
 */
public final class VulnSamples {
    private VulnSamples() {
    }

    public static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("shared/data/vuln-samples");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        assumeTrue(false, "shared/data/vuln-samples not found above " + Path.of("").toAbsolutePath()
                + ": the vendors' sample files are needed for this test");
        return null;
    }

    /** Copies the named samples into {@code into} (a temporary directory), as an operator's download folder. */
    public static Path feedDir(Path into, String... names) throws IOException {
        Path d = dir();
        for (String n : names) {
            Path target = into.resolve(n);
            Files.createDirectories(target.getParent());
            Files.copy(d.resolve(n), target);
        }
        return into;
    }
}
