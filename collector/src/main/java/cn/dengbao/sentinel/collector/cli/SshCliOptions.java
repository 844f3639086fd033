package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.credentials.VaultException;
import cn.dengbao.sentinel.collector.ssh.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by the SSH commands: where the credential key file is, and the scan time limits. */
final class SshCliOptions {

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "32-byte key file sealing SSH credentials (AES-256-GCM); created 0600 if missing. "
                    + "Default: <data-dir>/vault.key. Keep it off the database host/backups where you can.")
    Path keyFile;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "TCP connect + SSH handshake + authentication limit (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--host-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Limit for the whole scan of one host (default: ${DEFAULT-VALUE}).")
    int hostTimeoutSeconds;

    Path keyFile(StoreOptions store) {
        return keyFile != null ? keyFile : store.dataDir().resolve("vault.key");
    }

    CredentialVault vault(StoreOptions store, boolean create) throws VaultException {
        return create ? CredentialVault.openOrCreate(keyFile(store)) : CredentialVault.open(keyFile(store));
    }

    SshOptions sshOptions() {
        if (connectTimeoutSeconds < 1 || hostTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--connect-timeout 与 --host-timeout 必须 ≥ 1 秒");
        }
        return SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .withHostTimeout(Duration.ofSeconds(hostTimeoutSeconds));
    }
}
