package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.Escaping;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled font covers every character the product itself can write into an HTML report: each non-ASCII
 * character of the sources and resources the subset script scans (rule YAMLs, catalog, profiles, scoring, labels,
 * export templates), except those {@link Escaping#html} never lets through as they are (bidi controls). When this
 * fails after a text change, run {@code /usr/bin/python3 collector/src/main/fonts/subset-cjk-font.py} and commit
 * the new woff2 and chars.txt. HtmlBrowserTest shows the font itself renders in Chromium.
 */
class HtmlFontCoverageTest {
    /** The same list as SCANNED in subset-cjk-font.py. */
    private static final List<String> SCANNED = List.of("checks/src/main", "collector/src/main/java",
            "collector/src/main/resources/scoring", "probes/src/main");
    private static final List<String> SUFFIXES = List.of(".java", ".yaml", ".yml", ".properties", ".txt", ".md");

    @Test
    void everyCharacterOfTheProductsTextIsInTheSubset() throws IOException {
        Set<Integer> covered = new TreeSet<>();
        for (String line : new String(HtmlAssets.bytes("font/chars.txt"), StandardCharsets.US_ASCII).split("\n")) {
            covered.add(Integer.parseInt(line.substring(2), 16));
        }
        Path root = Path.of("..").toAbsolutePath().normalize();
        Set<String> missing = new TreeSet<>();
        int seen = 0;
        for (String top : SCANNED) {
            try (Stream<Path> files = Files.walk(root.resolve(top))) {
                for (Path p : files.filter(f -> SUFFIXES.stream().anyMatch(f.toString()::endsWith)).toList()) {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    for (int cp : text.codePoints().filter(c -> c > 0x7e).distinct().toArray()) {
                        seen++;
                        String c = new String(Character.toChars(cp));
                        if (Escaping.html(c).equals(c) && !covered.contains(cp)) {
                            missing.add(String.format("U+%04X %s (%s)", cp, c, root.relativize(p)));
                        }
                    }
                }
            }
        }
        assertTrue(seen > 1000, "the scan found the product's text: " + seen);
        assertEquals(Set.of(), missing, "characters the bundled font lacks: regenerate it (see font/README.md)");
        for (char c = 0x20; c < 0x7f; c++) {
            assertTrue(covered.contains((int) c), "printable ASCII " + c);
        }
    }

    @Test
    void theSubsetStaysSmallAndCarriesItsLicence() {
        byte[] font = HtmlAssets.bytes(HtmlAssets.FONT_RESOURCE);
        assertEquals("wOF2", new String(font, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(font.length < 480 * 1024, "every HTML file carries it in base64: " + font.length + " bytes");
        String licence = new String(HtmlAssets.bytes("font/OFL.txt"), StandardCharsets.UTF_8);
        assertTrue(licence.contains("SIL OPEN FONT LICENSE Version 1.1"), "the OFL travels with the font");
    }
}
