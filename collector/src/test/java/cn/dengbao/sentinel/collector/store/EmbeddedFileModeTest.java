package cn.dengbao.sentinel.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 10: the embedded database file is owner-only (0600), new or left 0644 by an older version. */
class EmbeddedFileModeTest {
    @TempDir
    Path dataDir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDatabaseFileIsCreatedOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        try (Store s = Store.embedded(dataDir)) {
            s.hosts().upsert(Host.of("h", "h", "g", Host.SOURCE_FILE));
            assertEquals("rw-------", mode(Store.embeddedFile(dataDir)));
            try (var files = Files.list(dataDir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".db")).toList()) {
                    assertEquals("rw-------", mode(p), p.toString());
                }
            }
        }
        assertEquals("rw-------", mode(Store.embeddedFile(dataDir)), "still 0600 after close");
    }

    @Test
    void aFileLeftWorldReadableByAnOlderVersionIsRestrictedOnOpen() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Store.embedded(dataDir).close();
        Files.setPosixFilePermissions(Store.embeddedFile(dataDir), PosixFilePermissions.fromString("rw-r--r--"));
        try (Store s = Store.embedded(dataDir)) {
            assertEquals("rw-------", mode(Store.embeddedFile(dataDir)));
            assertEquals(java.util.List.of(), s.appliedMigrations(), "the old database opens as it was");
        }
    }
}
