package cn.dengbao.sentinel.testkit;


import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests: throwaway host and user keys in a temp dir, loopback only, on a free port,
 * run as a child process ({@code sshd -D -e}) and stopped by {@link #close()}. Test users come from
 * {@code .ci/ssh-setup.sh} (run here, idempotent). Tests are skipped only when sshd is not installed.
 */
public final class TestSshd implements AutoCloseable {

    public static final String USER = "sentinel-test";
    public static final String NOSUDO_USER = "sentinel-nosudo";
    public static final String PASSWORD = "Sentinel-Test-Pw-1";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static volatile boolean setupDone;

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path hostKey;
    private final Path userKey;

    private TestSshd(Path dir, int port, Process process, Path hostKey, Path userKey) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.hostKey = hostKey;
        this.userKey = userKey;
    }

    /** Starts sshd with a new host key named {@code hostKeyName} (reused if it exists in {@code dir}). */
    public static TestSshd start(Path dir, String hostKeyName) throws Exception {
        return start(dir, hostKeyName, "");
    }

    public static TestSshd start(Path dir, String hostKeyName, String extraConfig) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH server (/usr/sbin/sshd) is not installed: "
                + "run .ci/ssh-setup.sh (apt-get install -y openssh-server) to enable the SSH tests");
        setup();
        // sshd reads AuthorizedKeysFile as the logging-in user: the dir must be traversable.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hostKey = dir.resolve(hostKeyName);
        if (!Files.exists(hostKey)) {
            keygen(hostKey, "");
        }
        Path keys = dir.resolve("client");
        Path userKey = keys.resolve("id_ed25519");
        if (!Files.exists(userKey)) {
            Files.createDirectories(keys);
            Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
            keygen(userKey, "");
            Path auth = dir.resolve("authorized_keys");
            Files.writeString(auth, Files.readString(Path.of(userKey + ".pub")));
            Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-r--r--"));
        }
        int port = freePort();
        Path cfg = dir.resolve("sshd_config_" + port);
        Files.writeString(cfg, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd_" + port + ".pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin no",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "AllowUsers " + USER + " " + NOSUDO_USER,
                "Subsystem sftp internal-sftp",
                "MaxStartups 200:30:400",
                "MaxSessions 32",
                "LoginGraceTime 30",
                "LogLevel ERROR",
                extraConfig,
                ""));
        Path log = dir.resolve("sshd_" + port + ".log");
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestSshd sshd = new TestSshd(dir, port, p, hostKey, userKey);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return sshd;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        sshd.close();
        throw new IllegalStateException("sshd did not listen on port " + port + ": " + Files.readString(log));
    }

    private static synchronized void setup() throws Exception {
        if (setupDone) {
            return;
        }
        Path script = findScript();
        Process p = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(".ci/ssh-setup.sh failed: " + out);
        }
        setupDone = true;
    }

    private static Path findScript() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null) {
            Path s = d.resolve(".ci/ssh-setup.sh");
            if (Files.exists(s)) {
                return s;
            }
            d = d.getParent();
        }
        throw new IllegalStateException(".ci/ssh-setup.sh not found above " + Path.of("").toAbsolutePath());
    }

    public static void keygen(Path file, String passphrase) throws Exception {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "sentinel-test", "-f", file.toString());
    }

    public static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The host key fingerprint as the operator would get it: ssh-keygen -lf on the public key. */
    public String hostKeyFingerprint() throws Exception {
        return run("ssh-keygen", "-lf", hostKey + ".pub").split("\\s+")[1];
    }

    /** What `ssh-keyscan -p PORT 127.0.0.1` prints for this server. */
    public String knownHostsLine() throws Exception {
        String[] pub = Files.readString(Path.of(hostKey + ".pub")).strip().split("\\s+");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n";
    }

    public byte[] userPrivateKey() throws IOException {
        return Files.readAllBytes(userKey);
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd_" + port + ".log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\\R")));
    }
}
