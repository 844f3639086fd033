package cn.dengbao.sentinel.collector.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner account's sudoers: derived from the probes, accepted by visudo, and quoted exactly in the docs. */
class ScannerSudoersTest {

    static final Path DOC = Path.of("..", "docs", "scanner-account.md");

    @Test
    void everyDeclaredReadListingAndCommandIsThere() {
        String s = ScannerSudoers.sudoers("sentinel-scan");
        for (String f : ScannerSudoers.rootOnlyFiles()) {
            assertTrue(s.contains("#    " + f + "\n"), f);
        }
        assertTrue(s.contains("/usr/bin/ls -1A --quoting-style\\=c -- /etc/sudoers.d/"), s);
        for (FixedCommand c : ScannerSudoers.commands()) {
            assertTrue(s.contains("/" + c.argv().get(0) + (c.argv().size() == 1 ? " \"\"" : " ")), c.name());
        }
        assertTrue(s.contains("/usr/sbin/sshd -T,"), s);
        assertTrue(s.contains("/usr/bin/systemctl list-units --type\\=service --state\\=active --no-legend --no-pager --plain,"), s);
        assertTrue(s.contains("sentinel-scan ALL=(root) NOPASSWD: SENTINEL_CAT, SENTINEL_LS, SENTINEL_CMDS\n"), s);
        assertThrows(IllegalArgumentException.class, () -> ScannerSudoers.sudoers("x ALL=(ALL) ALL"));
    }

    @Test
    void visudoAcceptsIt(@TempDir Path tmp) throws IOException, InterruptedException {
        Path visudo = Path.of("/usr/sbin/visudo");
        assumeTrue(Files.isExecutable(visudo), "visudo not installed");
        Path file = tmp.resolve("sentinel-scan");
        Files.writeString(file, ScannerSudoers.sudoers("sentinel-scan"), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(visudo.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void theDocumentationQuotesItExactly() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertTrue(doc.contains("```\n" + ScannerSudoers.sudoers("sentinel-scan") + "```\n"),
                "docs/scanner-account.md must quote ScannerSudoers.sudoers(\"sentinel-scan\") exactly; regenerate it");
    }
}
