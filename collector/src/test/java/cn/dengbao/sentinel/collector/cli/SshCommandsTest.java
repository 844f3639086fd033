package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.ConsoleRun;
import cn.dengbao.sentinel.testkit.TestSshd;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** targets / schedules / scans commands end to end: embedded store, real sshd on loopback, real probes. */
class SshCommandsTest {

    @TempDir
    static Path sshDir;
    static TestSshd sshd;

    @TempDir
    Path dataDir;
    private String out;
    private String err;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = TestSshd.start(sshDir, "host_ed25519");
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** Only serve creates a store; the commands under test use the one it made. */
    @BeforeEach
    void createStore() {
        Store.embedded(dataDir).close();
    }

    @AfterEach
    void restoreEnv() {
        TargetsCommand.env = System::getenv;
    }

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    private Path userKey() throws Exception {
        Path k = dataDir.resolve("id_test");
        Files.write(k, sshd.userPrivateKey());
        return k;
    }

    private String[] add(String name, String... more) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("targets", "add", "--data-dir", dataDir.toString(), "--name", name,
                "--host", "127.0.0.1", "--port", String.valueOf(sshd.port()), "--group", "test"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void addWithoutAPinIsAUsageErrorThatExplainsHowToGetOne() throws Exception {
        assertEquals(2, run(add("t1", "--user", TestSshd.USER, "--key", userKey().toString())));
        assertTrue(err.contains("ssh-keyscan") && err.contains("ssh-keygen -lf"), err);
        assertEquals(2, run(add("t1", "--user", TestSshd.USER, "--key", userKey().toString(), "--host-key-fingerprint", "MD5:aa:bb")));
        assertEquals(2, run(add("t1", "--user", TestSshd.USER, "--password-env", "SENTINEL_NO_SUCH_VAR_X",
                "--host-key-fingerprint", sshd.hostKeyFingerprint())));
        assertTrue(err.contains("SENTINEL_NO_SUCH_VAR_X"), err);
        assertEquals(0, run("targets", "list", "--data-dir", dataDir.toString()));
        assertFalse(out.contains("t1"), out);
    }

    @Test
    void addListTestScanAndRemoveEndToEnd() throws Exception {
        String fp = sshd.hostKeyFingerprint();
        // key auth, no sudo, pinned by fingerprint
        assertEquals(0, run(add("plain", "--user", TestSshd.USER, "--key", userKey().toString(), "--host-key-fingerprint", fp)), err);
        // password auth (from the environment), sudo, pinned by a known_hosts file as ssh-keyscan writes it
        Path kh = dataDir.resolve("known_hosts");
        Files.writeString(kh, sshd.knownHostsLine());
        TargetsCommand.env = name -> name.equals("SENTINEL_TEST_PW") ? TestSshd.PASSWORD : null;
        assertEquals(0, run(add("sudoer", "--user", TestSshd.USER, "--password-env", "SENTINEL_TEST_PW", "--sudo",
                "--known-hosts", kh.toString())), err);
        // a user sudo refuses
        assertEquals(0, run(add("refused", "--user", TestSshd.NOSUDO_USER, "--key", userKey().toString(), "--sudo",
                "--host-key-fingerprint", fp)), err);
        // wrong pin
        Path other = dataDir.resolve("other");
        TestSshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        String otherFp = TestSshd.run("ssh-keygen", "-lf", other + ".pub").split("\\s+")[1];
        assertEquals(0, run(add("mitm", "--user", TestSshd.USER, "--key", userKey().toString(), "--host-key-fingerprint", otherFp)), err);
        assertEquals(2, run(add("plain", "--user", TestSshd.USER, "--key", userKey().toString(), "--host-key-fingerprint", fp)));
        assertTrue(err.contains("已存在"), err);

        assertEquals(0, run("targets", "list", "--data-dir", dataDir.toString()));
        for (String n : List.of("plain", "sudoer", "refused", "mitm")) {
            assertTrue(out.contains(n), out);
        }
        assertFalse(out.contains(TestSshd.PASSWORD));
        assertEquals(0, run("targets", "list", "--data-dir", dataDir.toString(), "--format", "json"));
        assertFalse(out.contains(TestSshd.PASSWORD));
        assertFalse(out.contains("credential"), out);

        assertEquals(0, run("targets", "test", "plain", "--data-dir", dataDir.toString()), out + err);
        assertTrue(out.contains("readable without sudo): 否"), out);
        assertTrue(out.contains("PERMISSION_DENIED"), out);
        // every missing permission is named, not just the first
        assertTrue(out.contains("缺少的权限 (missing permissions): "), out);
        assertTrue(out.contains("\n  - 读取 /etc/shadow："), out);
        assertEquals(0, run("targets", "test", "sudoer", "--data-dir", dataDir.toString()), out + err);
        assertTrue(out.contains("sudo -n cat): 是"), out);
        assertTrue(out.contains("sudo -n uname -r): 可用"), out);
        // .ci/ssh-setup.sh's sudoers allows cat, ls and most fixed commands, but not apt-get's simulation
        assertTrue(out.contains("\n  - 运行 apt-get -s -o Debug::NoLocking=1 upgrade："), out);
        assertFalse(out.contains("读取 /etc/shadow："), out);
        assertFalse(out.contains("运行 uname -r："), out);
        assertEquals(0, run("targets", "test", "refused", "--data-dir", dataDir.toString()), out + err);
        assertTrue(out.contains("password is required"), out);
        assertTrue(out.contains("\n  - 读取 /etc/shadow："), out);
        assertTrue(out.contains("\n  - 运行 uname -r："), out);
        assertEquals(1, run("targets", "test", "mitm", "--data-dir", dataDir.toString()));
        assertTrue(out.contains(otherFp) && out.contains(fp), out);
        assertEquals(2, run("targets", "test", "nope", "--data-dir", dataDir.toString()));

        // scan the group now with the real probes
        assertEquals(1, run("scans", "run", "--group", "test", "--data-dir", dataDir.toString()), out + err);
        assertTrue(out.contains("成功 3, 失败 1"), out);
        assertTrue(out.contains("mitm") && out.contains("主机密钥不匹配"), out);
        assertEquals(0, run("scans", "list", "--data-dir", dataDir.toString()));
        assertTrue(out.contains("手动"), out);
        try (Store store = Store.embedded(dataDir)) {
            ScanRunRecord r = store.scanRuns().list(1).get(0);
            assertEquals(3, r.hostsOk());
            assertEquals(1, r.hostsFailed());
            assertTrue(r.errorsJson().contains("mitm"), r.errorsJson());
            Facts plain = facts(store, "plain");
            CollectionError shadow = plain.getCollectionErrorsList().stream()
                    .filter(e -> e.getFact().equals("accounts.shadow")).findFirst().orElseThrow();
            assertEquals(ErrorKind.PERMISSION_DENIED, shadow.getKind());
            assertEquals(cn.dengbao.sentinel.proto.AccessMode.SSH, plain.getHost().getAccessMode());
            Facts sudoer = facts(store, "sudoer");
            assertTrue(sudoer.getCollectionErrorsList().stream().noneMatch(e -> e.getFact().equals("accounts.shadow")),
                    sudoer.getCollectionErrorsList().toString());
            Facts refused = facts(store, "refused");
            CollectionError denied = refused.getCollectionErrorsList().stream()
                    .filter(e -> e.getFact().equals("accounts.shadow")).findFirst().orElseThrow();
            assertTrue(denied.getDetail().contains("sudo"), denied.getDetail());
        }

        assertEquals(0, run("targets", "remove", "mitm", "--data-dir", dataDir.toString()));
        assertEquals(2, run("targets", "remove", "mitm", "--data-dir", dataDir.toString()));
        assertEquals(0, run("audit", "verify", "--data-dir", dataDir.toString()), out + err);
        assertEquals(0, run("audit", "list", "--data-dir", dataDir.toString()));
        assertTrue(out.contains("ssh_target.add") && out.contains("ssh_target.remove"), out);
        assertFalse(out.contains(TestSshd.PASSWORD));

        // nothing in the data dir (database, key file) holds the password in clear
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(TestSshd.PASSWORD), f.toString());
            }
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("vault.key"))));
    }

    private static Facts facts(Store store, String host) {
        Host h = store.hosts().byName(host).orElseThrow();
        return store.reports().latestFacts(h.id()).orElseThrow().facts();
    }

    @Test
    void schedulesAddListRemove() {
        assertEquals(2, run("schedules", "add", "--group", "prod", "--cron", "61 2 * * *", "--data-dir", dataDir.toString()));
        assertTrue(err.contains("minute"), err);
        assertEquals(2, run("schedules", "add", "--group", "prod", "--cron", "0 2 * * *", "--kind", "weekly", "--data-dir", dataDir.toString()));
        assertEquals(0, run("schedules", "add", "--group", "prod", "--cron", "0 2 * * *", "--kind", "all", "--data-dir", dataDir.toString()), err);
        assertEquals(0, run("schedules", "list", "--data-dir", dataDir.toString()));
        assertTrue(out.contains("prod") && out.contains("0 2 * * *") && out.contains("all"), out);
        String id;
        try (Store store = Store.embedded(dataDir)) {
            id = store.schedules().list().get(0).id();
        }
        assertEquals(0, run("schedules", "remove", id, "--data-dir", dataDir.toString()));
        assertEquals(2, run("schedules", "remove", id, "--data-dir", dataDir.toString()));
        assertEquals(0, run("scans", "list", "--data-dir", dataDir.toString()));
        Map.of(); // no runs recorded by schedule management
    }
}
