package cn.dengbao.sentinel.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's mistakes and failures are one {@code 错误：} line on stderr with exit 2, never a Java or Netty dump. */
class AgentCliErrorsTest {
    private static final String FINGERPRINT = "SHA256:" + "0".repeat(64);

    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> AgentMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    private void assertOneErrorLine() {
        assertTrue(err.startsWith("错误："), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("Channel Pipeline"), err);
        assertEquals("", out);
    }

    @Test
    void aMissingTokenFileIsAUsageErrorNotATrace() {
        assertEquals(2, run("enroll", "--collector", "127.0.0.1:1", "--ca-fingerprint", FINGERPRINT,
                "--token-file", tmp.resolve("missing").toString(), "--state-dir", tmp.resolve("state").toString()));
        assertOneErrorLine();
        assertTrue(err.contains("--token-file") && err.contains("missing"), err);
    }

    @Test
    void aPeerThatDoesNotSpeakTlsIsOneLineNotANettyDump() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, "t0ken");
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = plain.accept(); OutputStream os = s.getOutputStream()) {
                    s.getInputStream().read(new byte[512]);
                    os.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    os.flush();
                } catch (Exception ignored) {
                    // the client hanging up is fine
                }
            });
            answer.setDaemon(true);
            answer.start();
            assertEquals(2, run("enroll", "--collector", "127.0.0.1:" + plain.getLocalPort(), "--ca-fingerprint",
                    FINGERPRINT, "--token-file", token.toString(), "--state-dir", tmp.resolve("state").toString()));
        }
        assertOneErrorLine();
        assertTrue(err.contains("注册失败") && err.contains("TLS"), err);
        assertFalse(Files.exists(tmp.resolve("state").resolve("agent.key")));
    }

    @Test
    void aCollectorThatIsNotListeningIsOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(2, run("enroll", "--collector", "127.0.0.1:" + port, "--ca-fingerprint", FINGERPRINT,
                "--token", "t0ken", "--state-dir", tmp.resolve("state").toString()));
        assertOneErrorLine();
        assertTrue(err.contains("127.0.0.1:" + port), err);
    }

    @Test
    void runWithoutConfigOrEnrolmentAndCollectIntoAMissingDirectoryAreUsageErrors() throws Exception {
        assertEquals(2, run("run", "--config", tmp.resolve("agent.yaml").toString()));
        assertOneErrorLine();
        assertTrue(err.contains("agent.yaml"), err);

        Path config = tmp.resolve("agent.yaml");
        Files.writeString(config, "collector: 127.0.0.1:8443\nstateDir: " + tmp.resolve("state") + "\n");
        assertEquals(2, run("run", "--config", config.toString()));
        assertOneErrorLine();
        assertTrue(err.contains("enroll"), err);

        Path missing = tmp.resolve("no-such-dir").resolve("facts.json");
        assertEquals(2, run("collect", "--root", tmp.toString(), "--out", missing.toString()));
        assertOneErrorLine();
        assertTrue(err.contains("--out"), err);
        assertFalse(Files.exists(missing.getParent()));
    }
}
