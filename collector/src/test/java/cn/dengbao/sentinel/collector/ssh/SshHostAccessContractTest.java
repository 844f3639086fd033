package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.probes.access.HostAccessContract;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.testkit.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH access against the test sshd on loopback, logged in as the non-root test user without sudo (so a root-only
 * file is refused); skipped, with the reason, where sshd or the test users are not installed.
 */
class SshHostAccessContractTest extends HostAccessContract {

    @TempDir
    static Path sshdDir;
    static TestSshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = TestSshd.start(sshdDir, "host_ed25519");
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Override
    protected Host open(Path dir) throws Exception {
        // the test user must be able to reach the files this (root) test process writes
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        SshHostAccess ssh = SshHostAccess.connect(SshdTargets.target(sshd, "contract", TestSshd.USER, false),
                Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults());
        return host(ssh, dir.toRealPath().toString(), Path::of);
    }

    @Override
    protected AccessMode expectedMode() {
        return AccessMode.SSH;
    }

    @Override
    protected boolean live() {
        return true;
    }

    @Override
    protected boolean refusesUnreadable(Path real) {
        return true;
    }
}
