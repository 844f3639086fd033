package cn.dengbao.sentinel.probes.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link HostAccess} does the same way, whether it is the live host, an offline root directory or a
 * host over SSH: the probes are written once against this contract. A subclass says how to open its access over a
 * directory of this machine; the tests write real files there and read them back through the access.
 */
public abstract class HostAccessContract {

    /** One access for one test, and where its files are on this machine. */
    protected interface Host extends AutoCloseable {
        HostAccess access();

        /** A directory, as the access names it, for the test's files: exists, empty. */
        String base();

        /** The path on this machine of a host path under {@link #base()}. */
        Path real(String hostPath);

        @Override
        default void close() {
            access().close();
        }
    }

    @TempDir
    protected Path dir;
    private Host host;
    private HostAccess access;

    /** Opens the access under test over {@code dir} (a fresh temporary directory). */
    protected abstract Host open(Path dir) throws Exception;

    protected abstract AccessMode expectedMode();

    /** Whether the access runs fixed commands on a live host; an offline root refuses them as NOT_COLLECTED. */
    protected abstract boolean live();

    /**
     * Whether the access is refused a file of mode 000 owned by root: the local and root-directory accesses read
     * with this process's rights (root reads anything), the SSH access as its non-root login user.
     */
    protected boolean refusesUnreadable(Path real) {
        return !Files.isReadable(real);
    }

    @BeforeEach
    void openHost() throws Exception {
        host = open(dir);
        access = host.access();
    }

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    private String path(String name) {
        return host.base() + "/" + name;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = host.real(path(name));
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorKind failure(Executable call) {
        return assertThrows(AccessException.class, call).kind();
    }

    @Test
    void modeSaysWhatKindOfHostItIs() {
        assertEquals(expectedMode(), access.mode());
    }

    @Test
    void readsBytesExactlyAndTextAsUtf8() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', '\r', 0};
        write("binary", binary);
        assertArrayEquals(binary, access.read(path("binary"), 1024));
        write("text.conf", "PASS_MAX_DAYS 90\n# 密码有效期\n");
        assertEquals("PASS_MAX_DAYS 90\n# 密码有效期\n", access.readText(path("text.conf")));
        write("empty", new byte[0]);
        assertArrayEquals(new byte[0], access.read(path("empty"), 1024));
    }

    @Test
    void aFileOverTheLimitIsTooLargeAndOneAtTheLimitIsRead() throws Exception {
        byte[] hundred = new byte[100];
        Arrays.fill(hundred, (byte) 'x');
        write("hundred", hundred);
        assertEquals(ErrorKind.TOO_LARGE, failure(() -> access.read(path("hundred"), 99)));
        assertArrayEquals(hundred, access.read(path("hundred"), 100));
    }

    @Test
    void whatIsNotThereIsNotFound() {
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.read(path("absent"), 100)));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.list(path("absent-dir"))));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.stat(path("absent"), true)));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.stat(path("absent"), false)));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.read(path("absent-dir/file"), 100)));
        assertFalse(access.exists(path("absent")));
        AccessException e = assertThrows(AccessException.class, () -> access.read(path("absent"), 100));
        assertEquals(path("absent"), e.path(), "the error names the host path");
    }

    @Test
    void anUnreadableFileOrDirectoryIsPermissionDenied() throws Exception {
        Path secret = write("secret", "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Path closed = host.real(path("closed"));
        Files.createDirectories(closed);
        Files.writeString(closed.resolve("inside"), "x");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        assumeTrue(refusesUnreadable(secret), "this access reads with root's rights here: it cannot be refused a file");
        assertEquals(ErrorKind.PERMISSION_DENIED, failure(() -> access.read(path("secret"), 100)));
        assertEquals(ErrorKind.PERMISSION_DENIED, failure(() -> access.list(path("closed"))));
        // its metadata is still visible: the directory it is in is readable
        assertEquals(0, access.stat(path("secret"), true).mode());
    }

    @Test
    void listsNamesSortedWithoutDotAndDotDot() throws Exception {
        for (String name : List.of("b.conf", "a.conf", ".hidden", "Z", "中文.conf")) {
            write("d/" + name, name);
        }
        Files.createDirectories(host.real(path("d/sub")));
        assertEquals(List.of(".hidden", "Z", "a.conf", "b.conf", "sub", "中文.conf"), access.list(path("d")));
        Files.createDirectories(host.real(path("empty-dir")));
        assertEquals(List.of(), access.list(path("empty-dir")));
        assertEquals(ErrorKind.IO_ERROR, failure(() -> access.list(path("d/a.conf"))), "a file is not a directory");
    }

    @Test
    void statDescribesTheFileOrTheLinkItself() throws Exception {
        Path file = write("target.conf", "0123456789");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        Instant mtime = Instant.parse("2025-03-01T12:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        Files.createSymbolicLink(host.real(path("link.conf")), Path.of("target.conf"));

        FileStat st = access.stat(path("target.conf"), true);
        assertTrue(st.regularFile());
        assertFalse(st.directory() || st.symbolicLink());
        assertEquals(0664, st.mode());
        assertEquals("0664", st.modeOctal());
        assertEquals(10, st.size());
        assertEquals(mtime.getEpochSecond(), st.modifiedEpochMillis() / 1000);
        assertEquals(((Number) Files.getAttribute(file, "unix:uid")).longValue(), st.uid());
        assertEquals(((Number) Files.getAttribute(file, "unix:gid")).longValue(), st.gid());
        assertEquals(path("target.conf"), st.path());

        FileStat followed = access.stat(path("link.conf"), true);
        assertTrue(followed.regularFile());
        assertFalse(followed.symbolicLink());
        assertEquals(0664, followed.mode());
        assertEquals(10, followed.size());
        FileStat link = access.stat(path("link.conf"), false);
        assertTrue(link.symbolicLink());
        assertFalse(link.regularFile());
        assertEquals("0123456789", access.readText(path("link.conf")), "a read follows the link");

        Files.createDirectories(host.real(path("a-dir")));
        assertTrue(access.stat(path("a-dir"), true).directory());
        assertTrue(access.exists(path("a-dir")));
    }

    @Test
    void aDanglingLinkExistsOnlyAsALink() throws Exception {
        Files.createSymbolicLink(host.real(path("dangling")), Path.of("nowhere"));
        assertTrue(Files.isSymbolicLink(host.real(path("dangling"))));
        assertTrue(access.stat(path("dangling"), false).symbolicLink());
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.stat(path("dangling"), true)));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> access.read(path("dangling"), 100)));
        assertFalse(access.exists(path("dangling")), "exists() follows links");
    }

    @Test
    void runsAFixedCommandOnALiveHostAndRefusesItOffline() throws Exception {
        if (live()) {
            CommandResult r = access.run(FixedCommand.UNAME_R);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(FixedCommand.UNAME_R, r.command());
            assertEquals(System.getProperty("os.version"), r.stdout().strip());
        } else {
            assertEquals(ErrorKind.NOT_COLLECTED, failure(() -> access.run(FixedCommand.UNAME_R)));
        }
    }

    @Test
    void aFixedCommandThatIsNotInstalledIsAbsent() {
        Optional<FixedCommand> absent = Arrays.stream(FixedCommand.values())
                .filter(c -> !c.argv().get(0).equals("rpm") && CommandRunner.locate(c.argv().get(0)) == null).findFirst();
        assumeTrue(absent.isPresent(), "every fixed command is installed here");
        assertEquals(live() ? ErrorKind.COMMAND_ABSENT : ErrorKind.NOT_COLLECTED, failure(() -> access.run(absent.get())));
    }

    /** A host whose files are {@code real(host path)} on this machine, under the host directory {@code base}. */
    protected static Host host(HostAccess access, String base, Function<String, Path> real) {
        return new Host() {
            @Override
            public HostAccess access() {
                return access;
            }

            @Override
            public String base() {
                return base;
            }

            @Override
            public Path real(String hostPath) {
                return real.apply(hostPath);
            }
        };
    }
}
