package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.testkit.TestSshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.proto.Facts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded, fair scanning: hosts that never speak or hang mid-scan cost only their own time limit. */
class SshScanExecutorTest {

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

    private ScanTask good(String name) throws Exception {
        byte[] key = sshd.userPrivateKey();
        return new ScanTask(SshdTargets.target(sshd, name, TestSshd.USER, false), () -> Credential.privateKey(key.clone(), null));
    }

    @Test
    void scansEveryGoodHostWithTheRealFileSet() throws Exception {
        List<ScanTask> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(good("h" + i));
        }
        try (SshScanExecutor ex = new SshScanExecutor(3, SshOptions.defaults(), new FileSetScanner())) {
            List<HostScanResult> results = ex.scanAll(tasks);
            assertEquals(6, results.size());
            for (HostScanResult r : results) {
                assertTrue(r.ok(), r.error());
                Facts f = r.facts();
                assertEquals(cn.dengbao.sentinel.proto.AccessMode.SSH, f.getHost().getAccessMode());
                // without sudo the shadow files are unreadable: recorded, not fatal
                assertTrue(f.getCollectionErrorsList().stream().anyMatch(e -> e.getPath().equals("/etc/shadow")
                        && e.getKind() == cn.dengbao.sentinel.proto.ErrorKind.PERMISSION_DENIED), f.getCollectionErrorsList().toString());
            }
            assertEquals("h0", results.get(0).target().name());
        }
    }

    @Test
    void silentAndHungHostsDoNotDelayOthersBeyondTheirOwnLimit() throws Exception {
        // a host that accepts TCP and never speaks
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // done
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // a host that authenticates and then hangs reading a FIFO nobody writes
            Path fifo = dir.resolve("hang.fifo");
            TestSshd.run("mkfifo", fifo.toString());
            java.nio.file.Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw-rw-rw-"));
            HostScanner scanner = access -> {
                if (((SshHostAccess) access).target().name().startsWith("hung")) {
                    access.read(fifo.toString(), 1024);
                }
                return new FileSetScanner().collect(access);
            };
            List<ScanTask> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SshTarget t = new SshTarget("silent" + i, "127.0.0.1", silent.getLocalPort(), TestSshd.USER, false, "", SshdTargets.pin(sshd));
                tasks.add(new ScanTask(t, () -> Credential.privateKey(sshd.userPrivateKey(), null)));
            }
            tasks.add(good("hung0"));
            for (int i = 0; i < 8; i++) {
                tasks.add(good("ok" + i));
            }
            SshOptions opts = SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(2)).withHostTimeout(Duration.ofSeconds(3));
            long start = System.nanoTime();
            try (SshScanExecutor ex = new SshScanExecutor(4, opts, scanner)) {
                List<HostScanResult> results = ex.scanAll(tasks);
                long totalMs = (System.nanoTime() - start) / 1_000_000;
                for (HostScanResult r : results) {
                    String n = r.target().name();
                    if (n.startsWith("ok")) {
                        assertTrue(r.ok(), n + ": " + r.error());
                        assertTrue(r.elapsed().toMillis() < 2000, n + " took " + r.elapsed());
                    } else if (n.startsWith("silent")) {
                        assertFalse(r.ok());
                        assertTrue(r.error().contains("超时"), r.error());
                        assertTrue(r.elapsed().toMillis() < 2900, n + " took " + r.elapsed());
                    } else {
                        assertFalse(r.ok());
                        assertTrue(r.error().contains("时限"), r.error());
                        assertTrue(r.elapsed().toMillis() >= 2900 && r.elapsed().toMillis() < 4500, n + " took " + r.elapsed());
                    }
                }
                // 3 slow hosts occupy 3 of 4 workers for ≤ 3 s; the 8 good ones flow through the 4th and after
                assertTrue(totalMs < 6000, "total " + totalMs + " ms");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
            // unblock the server-side SFTP open of the FIFO so no sshd child is left waiting (daemon: never blocks us)
            Thread unblock = new Thread(() -> {
                try {
                    java.nio.file.Files.write(dir.resolve("hang.fifo"), new byte[0]);
                } catch (Exception ignored) {
                    // no reader left
                }
            });
            unblock.setDaemon(true);
            unblock.start();
            unblock.join(2000);
        }
    }
}
