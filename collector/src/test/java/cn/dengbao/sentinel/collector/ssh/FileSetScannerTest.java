package cn.dengbao.sentinel.collector.ssh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's file set is what the probes declare, not a list kept beside them. */
class FileSetScannerTest {

    @Test
    void theFileSetFollowsTheProbesDeclarations() {
        assertTrue(FileSetScanner.FILES.containsAll(List.of("/etc/hostname", "/etc/machine-id", "/etc/passwd", "/etc/login.defs",
                "/etc/ssh/sshd_config", "/etc/rsyslog.conf", "/etc/chrony.conf")), FileSetScanner.FILES.toString());
        assertTrue(FileSetScanner.FILES.containsAll(SudoBatch.WELL_KNOWN), "every root-only file the batch fetches");
        assertTrue(FileSetScanner.DIRS.containsAll(List.of("/etc/pam.d", "/etc/sudoers.d", "/etc/profile.d", "/etc/ssh/sshd_config.d")),
                FileSetScanner.DIRS.toString());
        assertTrue(FileSetScanner.FILES.stream().noneMatch(f -> f.contains("*")), "globs are expanded by listing, not read");
    }
}
