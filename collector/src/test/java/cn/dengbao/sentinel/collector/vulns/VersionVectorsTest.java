package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The comparators against the upstream projects' own published vectors (files name their origin). */
class VersionVectorsTest {
    @Test
    void rpmvercmpMatchesRpmsTestSuite() throws IOException {
        int n = check("rpmvercmp.txt", RpmVersion::vercmp);
        assertTrue(n >= 90, "all rpmvercmp.at vectors read: " + n);
    }

    @Test
    void dpkgCompareMatchesDpkgsTestSuite() throws IOException {
        int n = check("dpkg-version.txt", DebVersion::compare);
        assertTrue(n >= 55, "all dpkg vectors read: " + n);
    }

    @Test
    void rpmEvrComparesEpochThenVersionThenRelease() {
        assertTrue(RpmVersion.compareEvr("1:1.0-1.el7", "2.0-1.el7") > 0, "epoch wins");
        assertTrue(RpmVersion.compareEvr("0:7.4p1-22.el7_9", "7.4p1-23.el7_9") < 0);
        assertTrue(RpmVersion.compareEvr("1.1.1k-12.oe2203sp4", "1.1.1k-9.oe2203sp4") > 0, "release numerically");
        assertEquals(0, RpmVersion.compareEvr("0:1.0-1.an8", "1.0-1.an8"), "epoch 0 = no epoch");
    }

    private static int check(String resource, BiFunction<String, String, Integer> cmp) throws IOException {
        List<String> wrong = new ArrayList<>();
        int n = 0;
        try (InputStream in = VersionVectorsTest.class.getResourceAsStream("/vulns/" + resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int expected = Integer.parseInt(f[2]);
                int got = Integer.signum(cmp.apply(f[0], f[1]));
                if (got != expected) {
                    wrong.add(line + " -> " + got);
                }
                n++;
            }
        }
        assertEquals(List.of(), wrong, resource);
        return n;
    }
}
