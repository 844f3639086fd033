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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for tests and the SSH benchmark: throwaway host and user keys, a free port,
 * run as a child process ({@code sshd -D -e}) and stopped by {@link #close()}. It logs in existing non-root users
 * (from {@code .ci/ssh-setup.sh}) and never touches the system sshd or its configuration.
 *
 * <p>Tests start it with {@link #start(Path, String)} and are SKIPPED, with the reason, when sshd or the test users
 * are not installed; as root the setup script is run first (idempotent). The benchmark uses
 * {@link #forBenchmark}, which fails with an {@link IllegalStateException} instead.
 */
public final class TestSshd implements AutoCloseable {

    public static final String USER = "sentinel-test";
    public static final String NOSUDO_USER = "sentinel-nosudo";
    public static final String PASSWORD = "Sentinel-Test-Pw-1";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final String HOW_TO = "run .ci/ssh-setup.sh as root (apt-get install -y openssh-server, test users)";
    private static volatile boolean setupDone;

    private final Path dir;
    private final boolean ownsDir;
    private final int port;
    private final Process process;
    private final Path hostKey;
    private final Path userKey;
    private final List<String> users;
    private final int maxStartups;
    private final int maxSessions;

    private TestSshd(Path dir, boolean ownsDir, int port, Process process, Path hostKey, Path userKey, List<String> users,
                     int maxStartups, int maxSessions) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.port = port;
        this.process = process;
        this.hostKey = hostKey;
        this.userKey = userKey;
        this.users = users;
        this.maxStartups = maxStartups;
        this.maxSessions = maxSessions;
    }

    /** For a test: starts sshd with a host key named {@code hostKeyName} in {@code dir} (reused if it exists). */
    public static TestSshd start(Path dir, String hostKeyName) throws Exception {
        return start(dir, hostKeyName, "");
    }

    /** As {@link #start(Path, String)} with more sshd_config lines. */
    public static TestSshd start(Path dir, String hostKeyName, String extraConfig) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH server (" + SSHD + ") is not installed: " + HOW_TO + " to enable the SSH tests");
        if (isRoot()) {
            setup();
        }
        assumeTrue(userExists(USER) && userExists(NOSUDO_USER),
                "test users " + USER + " and " + NOSUDO_USER + " do not exist: " + HOW_TO + " to enable the SSH tests");
        // many parallel handshakes in the scan tests: refuse randomly only above 200 pending, as a busy server would
        return launch(dir, false, hostKeyName, List.of(USER, NOSUDO_USER), true, 200, ":30:400", 32, extraConfig);
    }

    /**
     * For the benchmark: its own temporary directory (deleted on close), key login as {@code user} only, the given
     * sshd connection limits. No setup script is run: the user must exist already.
     */
    public static TestSshd forBenchmark(String user, int maxStartups, int maxSessions) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException("未安装 OpenSSH 服务端 (" + SSHD + "): apt-get install -y openssh-server, 或运行 .ci/ssh-setup.sh");
        }
        if (!userExists(user)) {
            throw new IllegalStateException("用户 " + user + " 不存在: 先运行 .ci/ssh-setup.sh");
        }
        Path dir = Files.createTempDirectory("sentinel-bench-sshd");
        return launch(dir, true, "host_ed25519", List.of(user), false, maxStartups, "", maxSessions, "UseDNS no");
    }

    private static TestSshd launch(Path dir, boolean ownsDir, String hostKeyName, List<String> users, boolean passwords,
                                   int maxStartups, String earlyDrop, int maxSessions, String extraConfig) throws IOException, InterruptedException {
        // sshd refuses to start without its privilege-separation directory
        if (isRoot()) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        // sshd reads AuthorizedKeysFile as the logging-in user: the dir must be traversable
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
                "PasswordAuthentication " + (passwords ? "yes" : "no"),
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "AllowUsers " + String.join(" ", users),
                "Subsystem sftp internal-sftp",
                "MaxStartups " + maxStartups + earlyDrop,
                "MaxSessions " + maxSessions,
                "LoginGraceTime 30",
                "LogLevel ERROR",
                extraConfig,
                ""));
        Path log = dir.resolve("sshd_" + port + ".log");
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestSshd sshd = new TestSshd(dir, ownsDir, port, p, hostKey, userKey, users, maxStartups, maxSessions);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                String why = Files.readString(log);
                sshd.close();
                throw new IllegalStateException("sshd exited " + p.exitValue() + ": " + why);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return sshd;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        String why = Files.readString(log);
        sshd.close();
        throw new IllegalStateException("sshd did not listen on port " + port + ": " + why);
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

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userExists(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
    }

    public static void keygen(Path file, String passphrase) throws IOException, InterruptedException {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "sentinel-test", "-f", file.toString());
    }

    public static String run(String... argv) throws IOException, InterruptedException {
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

    /** The first user it lets in (the benchmark's only one). */
    public String user() {
        return users.get(0);
    }

    public int maxStartups() {
        return maxStartups;
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** The host key fingerprint as the operator would get it: ssh-keygen -lf on the public key. */
    public String hostKeyFingerprint() throws IOException, InterruptedException {
        return run("ssh-keygen", "-lf", hostKey + ".pub").split("\\s+")[1];
    }

    /** What `ssh-keyscan -p PORT 127.0.0.1` prints for this server. */
    public String knownHostsLine() throws IOException {
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
        if (ownsDir) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory: best effort
            }
        }
    }
}
