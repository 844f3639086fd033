package cn.dengbao.sentinel.probes.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootDirAccessTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    TestRoot rb;

    @BeforeEach
    void setUp() {
        rb = new TestRoot(root);
    }

    private String read(String path) throws AccessException {
        return new String(new RootDirAccess(rb.root()).read(path, 1 << 20), StandardCharsets.UTF_8);
    }

    @Test
    void readsPlainFileInsideRoot() throws Exception {
        rb.file("/etc/hostname", "web01\n");
        assertEquals("web01\n", read("/etc/hostname"));
        assertEquals(AccessMode.ROOT, new RootDirAccess(rb.root()).mode());
    }

    @Test
    void absoluteLinkToEtcShadowIsReRootedAndLoopsInsteadOfReadingTheRealOne() {
        rb.link("/etc/shadow", "/etc/shadow");
        AccessException e = assertThrows(AccessException.class, () -> read("/etc/shadow"));
        assertTrue(e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.OUTSIDE_ROOT, e.kind().name());
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void relativeLinkClimbingAboveRootStopsAtRoot() {
        rb.link("/etc/shadow", "../../../../etc/shadow");
        AccessException e = assertThrows(AccessException.class, () -> read("/etc/shadow"));
        assertTrue(e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.OUTSIDE_ROOT);
    }

    @Test
    void linkToAFileOutsideTheRootNeverReadsIt() throws Exception {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "REAL-HOST-SECRET");
        rb.link("/etc/shadow", secret.toString());
        AccessException abs = assertThrows(AccessException.class, () -> read("/etc/shadow"));
        assertEquals(ErrorKind.NOT_FOUND, abs.kind());

        String up = "../".repeat(root.getNameCount() + 3) + secret.toString().substring(1);
        rb.link("/etc/gshadow", up);
        AccessException rel = assertThrows(AccessException.class, () -> read("/etc/gshadow"));
        assertEquals(ErrorKind.NOT_FOUND, rel.kind());
    }

    @Test
    void directoryLinkToHostEtcIsReRooted() throws Exception {
        // etc -> /etc inside an image must not expose the collecting machine's /etc
        rb.link("/etc", "/etc");
        assertThrows(AccessException.class, () -> read("/etc/passwd"));
        assertThrows(AccessException.class, () -> new RootDirAccess(rb.root()).list("/etc"));
        // and a root whose /etc is a relative link to a real directory inside works
        Path root2 = outside.resolve("r2");
        TestRoot r2 = new TestRoot(root2).file("/data/etc/passwd", "root:x:0:0::/root:/bin/sh\n").link("/etc", "data/etc");
        assertEquals("root:x:0:0::/root:/bin/sh\n", new String(new RootDirAccess(r2.root()).read("/etc/passwd", 100), StandardCharsets.UTF_8));
    }

    @Test
    void linksInsideTheRootAreFollowed() throws Exception {
        rb.file("/usr/share/zoneinfo/UTC", "TZif");
        rb.link("/etc/localtime", "/usr/share/zoneinfo/UTC");
        rb.file("/data/shadow", "x");
        rb.link("/etc/shadow", "../data/shadow");
        rb.link("/etc/alt", "../../../../data/shadow");  // ".." clamps at the root, like chroot
        assertEquals("TZif", read("/etc/localtime"));
        assertEquals("x", read("/etc/shadow"));
        assertEquals("x", read("/etc/alt"));
        assertEquals("x", read("/etc/../etc/./shadow"));
    }

    @Test
    void loopBetweenTwoLinksIsAnError() {
        rb.link("/etc/a", "b");
        rb.link("/etc/b", "/etc/a");
        AccessException e = assertThrows(AccessException.class, () -> read("/etc/a"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("loop"));
    }

    @Test
    void missingDirectoryAndTooLarge() throws Exception {
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(AccessException.class, () -> read("/etc/none")).kind());
        rb.dir("/etc/pam.d");
        assertEquals(ErrorKind.IO_ERROR, assertThrows(AccessException.class, () -> read("/etc/pam.d")).kind());
        rb.file("/etc/big", "x".repeat(100));
        assertEquals(ErrorKind.TOO_LARGE, assertThrows(AccessException.class, () -> new RootDirAccess(rb.root()).read("/etc/big", 99)).kind());
        assertEquals(100, new RootDirAccess(rb.root()).read("/etc/big", 100).length);
        rb.file("/etc/file", "x");
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(AccessException.class, () -> read("/etc/file/sub")).kind());
    }

    @Test
    void listIsSortedAndFollowsLinksInsideRoot() throws Exception {
        rb.file("/etc/pam.d/sshd", "").file("/etc/pam.d/common-auth", "").file("/etc/pam.d/login", "");
        assertEquals(List.of("common-auth", "login", "sshd"), new RootDirAccess(rb.root()).list("/etc/pam.d"));
        assertEquals(ErrorKind.IO_ERROR, assertThrows(AccessException.class, () -> new RootDirAccess(rb.root()).list("/etc/pam.d/sshd")).kind());
    }

    @Test
    void statUsesTheRootsOwnAccountNames() throws Exception {
        rb.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\nsvc:x:4242:4243::/srv:/bin/false\n");
        rb.file("/etc/group", "root:x:0:\nsvcgrp:x:4243:\n");
        rb.file("/etc/shadow", "root:*:1::::::\n", "rw-r-----");
        Files.setAttribute(rb.real("/etc/shadow"), "unix:uid", 4242);
        Files.setAttribute(rb.real("/etc/shadow"), "unix:gid", 4243);
        rb.link("/etc/shadow.link", "shadow");
        FileStat st = new RootDirAccess(rb.root()).stat("/etc/shadow", true);
        assertEquals(0640, st.mode());
        assertEquals("0640", st.modeOctal());
        assertEquals(4242, st.uid());
        assertEquals("svc", st.owner());
        assertEquals("svcgrp", st.group());
        assertTrue(st.regularFile());
        FileStat link = new RootDirAccess(rb.root()).stat("/etc/shadow.link", false);
        assertTrue(link.symbolicLink());
        FileStat followed = new RootDirAccess(rb.root()).stat("/etc/shadow.link", true);
        assertFalse(followed.symbolicLink());
        assertEquals(0640, followed.mode());
    }

    @Test
    void commandsOfARunningSystemAreNotCollectedOffline() {
        AccessException e = assertThrows(AccessException.class, () -> new RootDirAccess(rb.root()).run(FixedCommand.SS_LISTEN));
        assertEquals(ErrorKind.NOT_COLLECTED, e.kind());
    }

    @Test
    void rootMustBeADirectory() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new RootDirAccess(outside.resolve("missing")));
        Path f = Files.writeString(outside.resolve("f"), "x");
        assertThrows(IllegalArgumentException.class, () -> new RootDirAccess(f));
    }

    @Test
    void localAccessReadsAndRunsFixedCommands() throws Exception {
        LocalAccess local = new LocalAccess();
        assertEquals(AccessMode.LOCAL, local.mode());
        Path f = Files.writeString(outside.resolve("local.txt"), "hello");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), local.read(f.toString(), 100));
        CommandResult r = local.run(FixedCommand.UNAME_R);
        assertTrue(r.ok());
        assertFalse(r.stdout().isBlank());
    }

    @Test
    void commandOutputIsBounded() {
        LocalAccess tiny = new LocalAccess(new CommandRunner(java.time.Duration.ofSeconds(10), 2));
        AccessException e = assertThrows(AccessException.class, () -> tiny.run(FixedCommand.UNAME_R));
        assertEquals(ErrorKind.TOO_LARGE, e.kind());
    }

    @Test
    void missingBinaryIsCommandAbsent() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CommandRunner.locate("mokutil") == null, "mokutil installed here");
        AccessException e = assertThrows(AccessException.class, () -> new LocalAccess().run(FixedCommand.MOKUTIL_SB_STATE));
        assertEquals(ErrorKind.COMMAND_ABSENT, e.kind());
    }
}
