package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.testkit.TestSshd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshHostAccess against a real OpenSSH server on loopback, as non-root users. */
class SshHostAccessTest {

    @TempDir
    static Path dir;
    static TestSshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = TestSshd.start(dir, "host_ed25519");
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private SshHostAccess connectKey(String user, boolean sudo) throws Exception {
        return SshHostAccess.connect(SshdTargets.target(sshd, "t-" + user, user, sudo),
                Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults());
    }

    @Test
    void keyAuthReadsStatsAndListsThroughSftp() throws Exception {
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            assertEquals(AccessMode.SSH, ssh.mode());
            assertEquals(sshd.hostKeyFingerprint(), ssh.presentedFingerprint());
            assertArrayEquals(Files.readAllBytes(Path.of("/etc/passwd")), ssh.read("/etc/passwd", 1 << 20));
            FileStat st = ssh.stat("/etc/passwd", true);
            assertEquals(0644, st.mode());
            assertEquals(0, st.uid());
            assertEquals("root", st.owner());
            assertEquals("root", st.group());
            assertTrue(st.regularFile());
            List<String> etc = ssh.list("/etc");
            assertTrue(etc.contains("passwd"), etc.toString());
            assertFalse(etc.contains(".") || etc.contains(".."));
            assertEquals(etc.stream().sorted().toList(), etc);
        }
    }

    @Test
    void passwordAuth() throws Exception {
        Credential pw = Credential.password(TestSshd.PASSWORD.getBytes(StandardCharsets.UTF_8));
        try (SshHostAccess ssh = SshHostAccess.connect(SshdTargets.target(sshd, "pw", TestSshd.USER, false), pw, SshOptions.defaults())) {
            assertTrue(ssh.readText("/etc/os-release").contains("ID="));
        }
        // the credential is wiped after use
        assertTrue(allZero(pw.secret()));
    }

    @Test
    void wrongPasswordIsAnAuthFailureWithoutThePassword() throws Exception {
        Credential pw = Credential.password("not-the-password-xyz".getBytes(StandardCharsets.UTF_8));
        SshScanException e = assertThrows(SshScanException.class,
                () -> SshHostAccess.connect(SshdTargets.target(sshd, "pw", TestSshd.USER, false), pw, SshOptions.defaults()));
        assertEquals(SshScanException.Reason.AUTH, e.reason());
        assertFalse(e.getMessage().contains("not-the-password-xyz"));
    }

    @Test
    void encryptedPrivateKeyWithPassphrase() throws Exception {
        Path key = dir.resolve("client/id_pass");
        TestSshd.keygen(key, "key-pass-123");
        Path auth = dir.resolve("authorized_keys");
        Files.writeString(auth, Files.readString(auth) + Files.readString(Path.of(key + ".pub")));
        Credential c = Credential.privateKey(Files.readAllBytes(key), "key-pass-123".getBytes(StandardCharsets.UTF_8));
        try (SshHostAccess ssh = SshHostAccess.connect(SshdTargets.target(sshd, "pp", TestSshd.USER, false), c, SshOptions.defaults())) {
            assertTrue(ssh.exists("/etc/passwd"));
        }
        Credential wrong = Credential.privateKey(Files.readAllBytes(key), "nope".getBytes(StandardCharsets.UTF_8));
        SshScanException e = assertThrows(SshScanException.class,
                () -> SshHostAccess.connect(SshdTargets.target(sshd, "pp", TestSshd.USER, false), wrong, SshOptions.defaults()));
        assertEquals(SshScanException.Reason.CREDENTIAL, e.reason());
    }

    @Test
    void wrongPinnedFingerprintIsRefusedNamingBothFingerprints() throws Exception {
        Path other = dir.resolve("other_host_key");
        TestSshd.keygen(other, "");
        String otherFp = TestSshd.run("ssh-keygen", "-lf", other + ".pub").split("\\s+")[1];
        SshTarget t = new SshTarget("wrong", "127.0.0.1", sshd.port(), TestSshd.USER, false, "", HostKeyPin.ofFingerprint(otherFp));
        HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class,
                () -> SshHostAccess.connect(t, Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults()));
        assertTrue(e.getMessage().contains(otherFp), e.getMessage());
        assertTrue(e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
        assertEquals(otherFp, e.expected());
        assertTrue(e.presented().endsWith(sshd.hostKeyFingerprint()));
    }

    @Test
    void changedHostKeyIsRefusedNamingBothFingerprints(@TempDir Path other) throws Exception {
        // pinned from known_hosts (as ssh-keyscan prints it) while the server had its first key ...
        HostKeyPin pin = HostKeyPin.fromKnownHosts(sshd.knownHostsLine(), "127.0.0.1", sshd.port());
        SshTarget t = new SshTarget("changed", "127.0.0.1", sshd.port(), TestSshd.USER, false, "", pin);
        try (SshHostAccess ok = SshHostAccess.connect(t, Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults())) {
            assertTrue(ok.exists("/etc/passwd"));
        }
        // ... then the host comes back with a new key (same address, new server on its own port)
        try (TestSshd reinstalled = TestSshd.start(other, "new_host_key")) {
            SshTarget moved = new SshTarget("changed", "127.0.0.1", reinstalled.port(), TestSshd.USER, false, "", pin);
            HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class,
                    () -> SshHostAccess.connect(moved, Credential.privateKey(reinstalled.userPrivateKey(), null), SshOptions.defaults()));
            assertTrue(e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
            assertTrue(e.getMessage().contains(reinstalled.hostKeyFingerprint()), e.getMessage());
            assertNotEquals(sshd.hostKeyFingerprint(), reinstalled.hostKeyFingerprint());
        }
    }

    @Test
    void shadowUnreadableWithoutSudoIsPermissionDenied() throws Exception {
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            AccessException e = assertThrows(AccessException.class, () -> ssh.read("/etc/shadow", 1 << 20));
            assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
            assertEquals("/etc/shadow", e.path());
            // stat still works: the directory is readable
            assertEquals("root", ssh.stat("/etc/shadow", true).owner());
        }
    }

    @Test
    void sudoReadsUnreadableFilesAndRunsFixedCommands() throws Exception {
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            byte[] shadow = ssh.read("/etc/shadow", 1 << 20);
            assertArrayEquals(Files.readAllBytes(Path.of("/etc/shadow")), shadow);
            CommandResult r = ssh.run(FixedCommand.UNAME_R);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(TestSshd.run("uname", "-r").strip(), r.stdout().strip());
            // sudo cat of a missing file reached through a denied directory
            AccessException e = assertThrows(AccessException.class, () -> ssh.read("/root/.no-such-file-here", 1024));
            assertTrue(e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.PERMISSION_DENIED, e.kind().name());
        }
    }

    @Test
    void firstDeniedReadFetchesTheWellKnownRootOnlyFilesInOneSudoProcess() throws Exception {
        Path own = dir.resolve("root-only.conf");
        Files.writeString(own, "not in the well-known list\n");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));
        Path own2 = dir.resolve("root-only-2.conf");
        Files.writeString(own2, "second\n");
        Files.setPosixFilePermissions(own2, PosixFilePermissions.fromString("rw-------"));
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            assertArrayEquals(Files.readAllBytes(Path.of("/etc/shadow")), ssh.read("/etc/shadow", 1 << 20));
            assertEquals(1, ssh.sudoReads());
            List<String> rootOnly = new java.util.ArrayList<>(SudoBatch.WELL_KNOWN);
            try (var entries = Files.list(Path.of("/etc/sudoers.d"))) {
                entries.forEach(p -> rootOnly.add(p.toString()));
            }
            for (String p : rootOnly) {
                if (Files.isRegularFile(Path.of(p))) {
                    assertArrayEquals(Files.readAllBytes(Path.of(p)), ssh.read(p, 1 << 20), p);
                }
            }
            // absent well-known files were seen absent by the batch's stat: no sudo for them either
            for (String p : SudoBatch.WELL_KNOWN) {
                if (!Files.exists(Path.of(p))) {
                    assertEquals(ErrorKind.NOT_FOUND, assertThrows(AccessException.class, () -> ssh.read(p, 1 << 20)).kind(), p);
                }
            }
            assertEquals(1, ssh.sudoReads(), "one sudo process served every well-known root-only file");
            // a root-only file outside the list: its own sudo cat, content intact
            assertEquals("not in the well-known list\n", ssh.readText(own.toString()));
            assertEquals("second\n", ssh.readText(own2.toString()));
            assertEquals(3, ssh.sudoReads());
            assertEquals(ErrorKind.TOO_LARGE, assertThrows(AccessException.class, () -> ssh.read("/etc/gshadow", 3)).kind());
        }
        // requested file not batchable (a denied directory): single read, and the next denied read still batches
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            Path locked = dir.resolve("locked-batch");
            Files.createDirectories(locked);
            Files.writeString(locked.resolve("f"), "inside");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            assertEquals("inside", ssh.readText(locked.resolve("f").toString()));
            assertEquals(1, ssh.sudoReads());
            assertArrayEquals(Files.readAllBytes(Path.of("/etc/shadow")), ssh.read("/etc/shadow", 1 << 20));
            assertEquals(2, ssh.sudoReads(), "/etc/shadow got its own sudo cat: the batch was tried once per session");
        }
    }

    @Test
    void sudoRefusedIsReportedAndDoesNotHang() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SshHostAccess ssh = connectKey(TestSshd.NOSUDO_USER, true)) {
                AccessException e = assertThrows(AccessException.class, () -> ssh.read("/etc/shadow", 1 << 20));
                assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
                assertTrue(e.getMessage().contains("sudo"), e.getMessage());
                assertTrue(e.getMessage().contains("password is required"), e.getMessage());
                AccessException c = assertThrows(AccessException.class, () -> ssh.run(FixedCommand.UNAME_R));
                assertEquals(ErrorKind.PERMISSION_DENIED, c.kind());
            }
        });
    }

    @Test
    void commandsWithoutSudoAndAbsentCommands() throws Exception {
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            assertEquals(TestSshd.run("hostname").strip(), ssh.run(FixedCommand.HOSTNAME).stdout().strip());
            boolean rpm = Files.exists(Path.of("/usr/bin/rpm")) || Files.exists(Path.of("/bin/rpm"));
            if (!rpm) {
                AccessException e = assertThrows(AccessException.class, () -> ssh.run(FixedCommand.RPM_QA));
                assertEquals(ErrorKind.COMMAND_ABSENT, e.kind());
            }
        }
    }

    @Test
    void boundsNotFoundAndHostilePaths() throws Exception {
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            AccessException big = assertThrows(AccessException.class, () -> ssh.read("/etc/passwd", 10));
            assertEquals(ErrorKind.TOO_LARGE, big.kind());
            AccessException nf = assertThrows(AccessException.class, () -> ssh.read("/etc/no-such-file-x", 100));
            assertEquals(ErrorKind.NOT_FOUND, nf.kind());
            assertThrows(AccessException.class, () -> ssh.read("etc/passwd", 100));
            assertThrows(AccessException.class, () -> ssh.read("/etc/passwd\n/etc/shadow", 100));
            assertThrows(AccessException.class, () -> ssh.read("/etc/pass\0wd", 100));
            // a quote in a path reaches `sudo cat` as one literal argument, never as shell syntax
            Path marker = dir.resolve("pwned");
            Path locked = dir.resolve("locked");
            Files.createDirectories(locked);
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            String hostile = locked + "/x'; touch '" + marker + "'; echo '";
            AccessException q = assertThrows(AccessException.class, () -> ssh.read(hostile, 100));
            assertEquals(ErrorKind.NOT_FOUND, q.kind(), q.getMessage());
            assertFalse(Files.exists(marker));
        }
    }

    @Test
    void sudoListsDirectoriesTheUserCannotRead() throws Exception {
        Path priv = dir.resolve("private-dir");
        Files.createDirectories(priv);
        List<String> names = List.of("a", "b c", "new\nline", "ünïcode", "q\"uote", "back\\slash", "tab\tx", "-dash");
        for (String n : names) {
            Files.writeString(priv.resolve(n), n);
        }
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwx------"));
        List<String> expected = names.stream().sorted().toList();
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            assertEquals(expected, ssh.list(priv.toString()));
            AccessException nf = assertThrows(AccessException.class, () -> ssh.list(priv + "/a"));
            assertEquals(ErrorKind.IO_ERROR, nf.kind());
        }
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            AccessException e = assertThrows(AccessException.class, () -> ssh.list(priv.toString()));
            assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
        }
        try (SshHostAccess ssh = connectKey(TestSshd.NOSUDO_USER, true)) {
            AccessException e = assertThrows(AccessException.class, () -> ssh.list(priv.toString()));
            assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
            assertTrue(e.getMessage().contains("password is required"), e.getMessage());
        }
    }

    @Test
    void repeatedReadsInOneSessionAreServedOnceAndStayBounded() throws Exception {
        Path f = dir.resolve("cached.conf");
        Files.writeString(f, "first");
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            assertEquals("first", ssh.readText(f.toString()));
            Files.writeString(f, "second, longer");
            // one scan is one snapshot: the second read does not go back to the host
            assertEquals("first", ssh.readText(f.toString()));
            // the size cap still applies to a cached file
            assertEquals(ErrorKind.TOO_LARGE, assertThrows(AccessException.class, () -> ssh.read(f.toString(), 2)).kind());
            // a returned array is a copy: callers cannot change what the next probe sees
            ssh.read(f.toString(), 100)[0] = 'X';
            assertEquals("first", ssh.readText(f.toString()));
            assertEquals(ErrorKind.PERMISSION_DENIED, assertThrows(AccessException.class, () -> ssh.read("/etc/shadow", 100)).kind());
            assertEquals(ErrorKind.PERMISSION_DENIED, assertThrows(AccessException.class, () -> ssh.read("/etc/shadow", 100)).kind());
        }
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            assertEquals("second, longer", ssh.readText(f.toString()), "a new session reads afresh");
        }
    }

    @Test
    void globCharactersInNamesAreLiteral() throws Exception {
        Path d = dir.resolve("glob");
        Files.createDirectories(d);
        Files.writeString(d.resolve("a*b"), "star");
        Files.writeString(d.resolve("axb"), "plain");
        Files.writeString(d.resolve("a?c"), "question");
        try (SshHostAccess ssh = connectKey(TestSshd.USER, false)) {
            assertEquals("star", ssh.readText(d + "/a*b"));
            assertEquals("question", ssh.readText(d + "/a?c"));
            assertEquals(List.of("a*b", "a?c", "axb"), ssh.list(d.toString()));
        }
    }

    /** The same files seen locally (java.nio, as the local access sees them) and over SSH give the same facts. */
    @Test
    void localAndSshFileFactsAreIdentical() throws Exception {
        List<String> paths = List.of("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/login.defs",
                "/etc/os-release", "/etc/ssh/sshd_config", "/etc", "/etc/ssh", "/etc/sudoers", "/etc/sudoers.d",
                "/usr/bin/sudo", "/etc/localtime");
        try (SshHostAccess ssh = connectKey(TestSshd.USER, true)) {
            for (String p : paths) {
                Path local = Path.of(p);
                if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                for (boolean follow : new boolean[] {true, false}) {
                    LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
                    Map<String, Object> a = Files.readAttributes(local, "unix:*", opts);
                    FileStat s = ssh.stat(p, follow);
                    String what = p + (follow ? "" : " (lstat)");
                    assertEquals(((Integer) a.get("mode")) & 07777, s.mode(), what);
                    assertEquals(((Integer) a.get("uid")).longValue(), s.uid(), what);
                    assertEquals(((Integer) a.get("gid")).longValue(), s.gid(), what);
                    assertEquals(a.get("owner").toString(), s.owner(), what);
                    assertEquals(a.get("group").toString(), s.group(), what);
                    assertEquals((Boolean) a.get("isDirectory"), s.directory(), what);
                    assertEquals((Boolean) a.get("isRegularFile"), s.regularFile(), what);
                    assertEquals((Boolean) a.get("isSymbolicLink"), s.symbolicLink(), what);
                    if (!s.directory()) {
                        assertEquals(((Long) a.get("size")).longValue(), s.size(), what);
                    }
                    // SFTP v3 carries whole seconds
                    assertEquals(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000, s.modifiedEpochMillis() / 1000, what);
                }
                if (Files.isRegularFile(local)) {
                    assertArrayEquals(Files.readAllBytes(local), ssh.read(p, 1 << 20), p);
                } else if (Files.isDirectory(local)) {
                    try (var entries = Files.list(local)) {
                        assertEquals(entries.map(e -> e.getFileName().toString()).sorted().toList(), ssh.list(p), p);
                    } catch (AccessException e) {
                        assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
                    }
                }
            }
        }
    }

    @Test
    void silentServerTimesOutAtTheConnectTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        silent.accept(); // accept and never speak
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SshTarget t = new SshTarget("silent", "127.0.0.1", silent.getLocalPort(), TestSshd.USER, false, "", SshdTargets.pin(sshd));
            long start = System.nanoTime();
            SshScanException e = assertThrows(SshScanException.class, () -> SshHostAccess.connect(t,
                    Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(1))));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(SshScanException.Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
    }

    private static boolean allZero(byte[] b) {
        byte[] z = new byte[b.length];
        return Arrays.equals(z, b);
    }
}
