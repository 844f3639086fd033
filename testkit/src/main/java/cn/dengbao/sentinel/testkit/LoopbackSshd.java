package cn.dengbao.sentinel.testkit;


import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OpenSSH server on 127.0.0.1 for the benchmark command: fresh host and user keys in a private temp
 * directory, run as a child process, stopped on close. Logs in as an existing non-root user (from
 * {@code .ci/ssh-setup.sh}); never touches the system sshd or its configuration.
 */
public final class LoopbackSshd implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;
    private final String user;
    private final int maxStartups;
    private final int maxSessions;

    private LoopbackSshd(Path dir, int port, Process process, String user, int maxStartups, int maxSessions) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.user = user;
        this.maxStartups = maxStartups;
        this.maxSessions = maxSessions;
    }

    public static LoopbackSshd start(String user, int maxStartups, int maxSessions) throws IOException, InterruptedException {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd)) {
            throw new IllegalStateException("未安装 OpenSSH 服务端 (/usr/sbin/sshd): apt-get install -y openssh-server, 或运行 .ci/ssh-setup.sh");
        }
        if (Files.readAllLines(Path.of("/etc/passwd")).stream().noneMatch(l -> l.startsWith(user + ":"))) {
            throw new IllegalStateException("用户 " + user + " 不存在: 先运行 .ci/ssh-setup.sh");
        }
        Files.createDirectories(Path.of("/run/sshd"));
        Path dir = Files.createTempDirectory("sentinel-bench-sshd");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path keys = Files.createDirectories(dir.resolve("client"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_ed25519").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.resolve("id_ed25519").toString());
        Path auth = dir.resolve("authorized_keys");
        Files.copy(keys.resolve("id_ed25519.pub"), auth);
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-r--r--"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, String.join("\n",
                "ListenAddress 127.0.0.1", "Port " + port, "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + auth, "StrictModes no", "UsePAM no",
                "PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "AllowUsers " + user, "Subsystem sftp internal-sftp", "UseDNS no",
                "MaxStartups " + maxStartups, "MaxSessions " + maxSessions, "LogLevel ERROR", ""));
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        LoopbackSshd d = new LoopbackSshd(dir, port, p, user, maxStartups, maxSessions);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return d;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        d.close();
        throw new IllegalStateException("sshd 未能启动: " + Files.readString(dir.resolve("sshd.log")));
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(argv[0] + " failed: " + out);
        }
        return out;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public int maxStartups() {
        return maxStartups;
    }

    public int maxSessions() {
        return maxSessions;
    }

    public byte[] userPrivateKey() throws IOException {
        return Files.readAllBytes(dir.resolve("client/id_ed25519"));
    }

    /** The host key's SHA256 fingerprint, as {@code ssh-keygen -l} prints it. */
    public String hostKeyFingerprint() throws IOException, InterruptedException {
        return (run("ssh-keygen", "-lf", dir.resolve("host_ed25519.pub").toString()).split("\\s+")[1]);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp dir: best effort
        }
    }
}
