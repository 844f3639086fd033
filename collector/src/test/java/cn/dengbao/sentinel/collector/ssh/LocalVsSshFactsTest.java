package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.testkit.TestSshd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.probes.access.LocalAccess;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's probes over LocalAccess (as root, like the agent) and over SSH-to-localhost (non-root user with
 * sudo) see the same host: every section they fill must be identical. Only the host header (access mode, timing)
 * and the report id differ.
 */
class LocalVsSshFactsTest {

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

    @Test
    void probesSeeTheSameFactsLocallyAndOverSsh() throws Exception {
        FactsCollector collector = new FactsCollector();
        Facts local;
        try (LocalAccess access = new LocalAccess()) {
            local = collector.collect(access, List.of());
        }
        Facts remote;
        try (SshHostAccess access = SshHostAccess.connect(SshdTargets.target(sshd, "self", TestSshd.USER, true),
                Credential.privateKey(sshd.userPrivateKey(), null), SshOptions.defaults())) {
            remote = collector.collect(access, List.of());
        }
        // substance, not empty-equals-empty: accounts with shadow data (sudo), file modes, sshd config
        org.junit.jupiter.api.Assertions.assertTrue(remote.getAccounts().getShadowReadable());
        org.junit.jupiter.api.Assertions.assertTrue(remote.getAccounts().getAccountsCount() > 5);
        org.junit.jupiter.api.Assertions.assertTrue(remote.getFilePermissions().getFilesCount() > 3);
        org.junit.jupiter.api.Assertions.assertTrue(remote.hasSshd());
        assertEquals(cn.dengbao.sentinel.proto.AccessMode.SSH, remote.getHost().getAccessMode());
        JsonFormat.Printer json = JsonFormat.printer();
        assertEquals(json.print(normalise(local)), json.print(normalise(remote)));
    }

    /**
     * The file-based facts only: sockets, processes, uptime and command results (pending updates, active units)
     * are live readings that differ between two collections a second apart, and the SSH user's sudo rights
     * decide which commands it may run at all.
     */
    private static Facts normalise(Facts f) {
        Facts.Builder b = Facts.newBuilder()
                .setAccounts(f.getAccounts())
                .setPasswordPolicy(f.getPasswordPolicy())
                .setLoginLockout(f.getLoginLockout())
                .setSession(f.getSession())
                .setSshd(f.getSshd())
                .setPam(f.getPam())
                .setSudoers(f.getSudoers())
                .setFilePermissions(f.getFilePermissions())
                .setFirewall(f.getFirewall())
                .setTimeSync(f.getTimeSync())
                .setBackup(f.getBackup());
        b.getPackagesBuilder().setManager(f.getPackages().getManager()).addAllPackages(f.getPackages().getPackagesList());
        b.getOsBuilder().setId(f.getOs().getId()).setVersionId(f.getOs().getVersionId()).setFamily(f.getOs().getFamily());
        return b.build();
    }
}
