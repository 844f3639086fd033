package cn.dengbao.sentinel.collector.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batch's framing comes from sizes, so no file content can move a boundary; any size mismatch voids it all. */
class SudoBatchTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsAtTheStatSizesWhateverTheContent() {
        // content that looks like headers, lengths, quotes and NULs of a line-based framing
        String a = "/etc/shadow 12\n==> /etc/gshadow <==\n'quoted' \0 end";
        String c = "root:!:19000::::::\n";
        byte[] stream = b(a + "" + c);
        List<SudoBatch.Planned> plan = List.of(new SudoBatch.Planned("/a", b(a).length),
                new SudoBatch.Planned("/empty", 0), new SudoBatch.Planned("/c", b(c).length));
        List<byte[]> parts = SudoBatch.split(stream, plan).orElseThrow();
        assertEquals(3, parts.size());
        assertArrayEquals(b(a), parts.get(0));
        assertArrayEquals(new byte[0], parts.get(1));
        assertArrayEquals(b(c), parts.get(2));
    }

    @Test
    void aStreamNotExactlyTheSumOfTheSizesIsNotUsed() {
        List<SudoBatch.Planned> plan = List.of(new SudoBatch.Planned("/a", 3), new SudoBatch.Planned("/b", 2));
        assertTrue(SudoBatch.split(b("abcd"), plan).isEmpty(), "a file shrank");
        assertTrue(SudoBatch.split(b("abcdef"), plan).isEmpty(), "a file grew");
        assertTrue(SudoBatch.split(b("abcde"), List.of(new SudoBatch.Planned("/a", -1), new SudoBatch.Planned("/b", 6))).isEmpty());
        assertEquals(2, SudoBatch.split(b("abcde"), plan).orElseThrow().size());
    }

    /** The batch follows the probes: the root-only files they declare, nothing listed by hand. */
    @Test
    void theWellKnownFilesAreTheRootOnlyFilesTheProbesRead() {
        assertTrue(SudoBatch.WELL_KNOWN.containsAll(List.of("/etc/shadow", "/etc/sudoers", "/etc/audit/auditd.conf",
                "/etc/audit/audit.rules", "/etc/ssh/sshd_config")), SudoBatch.WELL_KNOWN.toString());
        assertEquals(Set.of("/etc/sudoers.d/*", "/etc/audit/rules.d/*.rules", "/etc/ssh/sshd_config.d/*.conf"),
                SudoBatch.WELL_KNOWN_DIRS.stream().map(ProbePath::pattern).collect(Collectors.toSet()));
        // files the probes only stat (their modes) or never read are not fetched: their content is nobody's business
        assertFalse(SudoBatch.WELL_KNOWN.contains("/etc/gshadow"));
        assertFalse(SudoBatch.WELL_KNOWN.contains("/etc/security/opasswd"));
        assertFalse(SudoBatch.WELL_KNOWN.contains("/var/log/audit/audit.log"));
        for (String p : SudoBatch.WELL_KNOWN) {
            assertTrue(ProbeRegistry.paths().contains(ProbePath.read(p).rootOnly()), p);
        }
    }

    @Test
    void theCommandQuotesEveryPathAndUsesOnlyCat() throws Exception {
        String cmd = RemoteCommands.sudoCatAll(List.of("/etc/shadow", "/tmp/x'; touch /tmp/p; '"));
        assertTrue(cmd.endsWith(" sudo -n cat -- '/etc/shadow' '/tmp/x'\\''; touch /tmp/p; '\\'''"), cmd);
    }
}
