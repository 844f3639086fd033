package cn.dengbao.sentinel.probes.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FileMode;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionsProbeTest {
    @TempDir
    Path root;

    @Test
    void modesOwnersLinksAndMissingFiles() throws Exception {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/var/log/audit/audit.log", "", "rw-------")
                .chmod("/var/log/audit", "rwxr-x---")
                .file("/var/log/real-syslog", "", "rw-r-----")
                .link("/var/log/syslog", "real-syslog");
        Files.setAttribute(rb.real("/etc/shadow"), "unix:gid", 42);
        rb.file("/etc/group", "root:x:0:\nshadow:x:42:\n");
        Facts f = new TestHost(rb).collect(new FilePermissionsProbe());
        Map<String, FileMode> m = f.getFilePermissions().getFilesList().stream()
                .collect(Collectors.toMap(FileMode::getPath, Function.identity()));
        assertEquals(FilePermissionsProbe.CRITICAL.size(), m.size());
        assertEquals("0640", m.get("/etc/shadow").getModeOctal());
        assertEquals(0640, m.get("/etc/shadow").getMode());
        assertEquals("shadow", m.get("/etc/shadow").getGroup());
        assertEquals("root", m.get("/etc/shadow").getOwner());
        assertEquals("0644", m.get("/etc/passwd").getModeOctal());
        assertEquals("0440", m.get("/etc/sudoers").getModeOctal());
        assertEquals("0750", m.get("/var/log/audit").getModeOctal());
        assertTrue(m.get("/var/log/audit").getIsDirectory(), "held to directory thresholds");
        assertFalse(m.get("/var/log/audit/audit.log").getIsDirectory());
        assertEquals("0600", m.get("/var/log/audit/audit.log").getModeOctal());
        assertTrue(m.get("/var/log/syslog").getIsLink());
        assertEquals("0640", m.get("/var/log/syslog").getModeOctal());
        assertFalse(m.get("/etc/gshadow").getExists());
        assertFalse(m.get("/var/log/secure").getExists());
        assertEquals(0, f.getCollectionErrorsCount());
    }
}
