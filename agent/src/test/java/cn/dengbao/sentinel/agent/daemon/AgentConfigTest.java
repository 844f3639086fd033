package cn.dengbao.sentinel.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent.yaml is read with SnakeYAML's safe loader; behaviour must match the former Jackson binding. */
class AgentConfigTest {
    @TempDir
    Path dir;

    private AgentConfig load(String yaml) throws IOException {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, yaml);
        return AgentConfig.load(f);
    }

    @Test
    void readsThePackagedExample() throws IOException {
        AgentConfig c = AgentConfig.load(Path.of("packaging/agent.yaml.example"));
        assertEquals("collector.example.gov.cn:8443", c.collector);
        assertEquals("/var/lib/sentinel-agent", c.stateDir);
        assertEquals(Path.of("/var/lib/sentinel-agent/spool"), c.spoolDirPath());
        assertEquals(200, c.spool.maxFiles);
        assertEquals(67108864L, c.spool.maxBytes);
        assertTrue(c.reportOnStart);
        assertEquals(300, c.heartbeatSeconds);
        assertEquals(86400, c.defaultIntervalSeconds);
    }

    @Test
    void defaultsForMissingKeysAndFlowMappings() throws IOException {
        AgentConfig c = load("collector: 127.0.0.1:9443\nreportOnStart: false\nspool: { maxFiles: 5 }\nwindow: 2\n");
        assertEquals("127.0.0.1:9443", c.collector);
        assertFalse(c.reportOnStart);
        assertEquals(5, c.spool.maxFiles);
        assertEquals(64L * 1024 * 1024, c.spool.maxBytes);
        assertEquals(Path.of("/var/lib/sentinel-agent/spool"), c.spoolDirPath());
        assertEquals(2, c.window);
        assertEquals(new AgentConfig().heartbeatSeconds, load("").heartbeatSeconds, "an empty file is all defaults");
    }

    @Test
    void refusesUnknownKeysWrongTypesAndBadValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("colector: a:1\n"));
        assertTrue(e.getMessage().contains("colector"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("spool: { size: 3 }\n"));
        assertThrows(IllegalArgumentException.class, () -> load("heartbeatSeconds: often\n"));
        assertThrows(IllegalArgumentException.class, () -> load("reportOnStart: maybe\n"));
        assertThrows(IllegalArgumentException.class, () -> load("window: 99999999999\n"));
        assertThrows(IllegalArgumentException.class, () -> load("window: 0\n"), "validate() still runs");
        assertThrows(IllegalArgumentException.class, () -> load("- a\n- b\n"), "a list is not a config");
        assertThrows(IllegalArgumentException.class, () -> load("collector: [a\n"), "broken YAML");
        assertThrows(IllegalArgumentException.class, () -> load("collector: a:1\ncollector: b:2\n"), "duplicate key");
        assertThrows(IllegalArgumentException.class, () -> load("collector: !!java.io.File /etc\n"), "no Java types");
    }

    @Test
    void errorsDoNotEchoTheFileContents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("collector: \"secret-token-abc\n"));
        assertFalse(e.getMessage().contains("secret-token-abc"), e.getMessage());
    }

    @Test
    void severalCollectorsFromTheConfigOrFromEnrolment() throws IOException {
        AgentConfig one = load("collector: c1.example:8443\n");
        assertEquals(java.util.List.of("c1.example:8443"), one.addresses(), "one collector: just it");
        AgentConfig two = load("collectors: [c1.example:8443, \"10.0.0.2:9443\"]\n");
        assertEquals(java.util.List.of("c1.example:8443", "10.0.0.2:9443"), two.addresses(), "in the given order");
        assertThrows(IllegalArgumentException.class, () -> load("collectors: [c1.example]\n"), "host:port each");
        assertThrows(IllegalArgumentException.class, () -> load("collectors: { a: 1 }\n"), "a list");

        // enrol printed and kept the collectors' list: `run` uses it when agent.yaml names none
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        AgentConfig.saveEnrolledCollectors(state, java.util.List.of("c2.example:8443", "bad address", "c1.example:8443"));
        AgentConfig fromEnrolment = load("collector: c1.example:8443\nstateDir: " + state + "\n").withEnrolledCollectors();
        assertEquals(java.util.List.of("c1.example:8443", "c2.example:8443"), fromEnrolment.addresses(),
                "the collector enrolled with first, then the others; malformed entries dropped");
        AgentConfig configured = load("collectors: [c3.example:8443]\nstateDir: " + state + "\n").withEnrolledCollectors();
        assertEquals(java.util.List.of("c3.example:8443"), configured.addresses(), "agent.yaml's list wins");
    }
}
