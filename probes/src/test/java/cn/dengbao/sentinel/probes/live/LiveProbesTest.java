package cn.dengbao.sentinel.probes.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.ProcessInfo;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveProbesTest {
    @TempDir
    Path dir;

    @Test
    void offlineRootRecordsNotCollected() {
        Facts f = new TestHost(new TestRoot(dir)).collect(new ListeningPortsProbe(), new ProcessesProbe());
        assertFalse(f.getListeningPorts().getCollected());
        assertFalse(f.getProcesses().getCollected());
        assertEquals(List.of("listening_ports", "processes"), f.getCollectionErrorsList().stream().map(e -> e.getFact()).toList());
        assertTrue(f.getCollectionErrorsList().stream().allMatch(e -> e.getKind() == ErrorKind.NOT_COLLECTED));
    }

    /** Against this real machine: a socket we open must be seen, with our own pid. */
    @Test
    void localModeSeesRealSocketsAndProcesses() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the processes probe reads /proc through the access, so the access is rooted at the real "/"
            Facts f = new TestHost(new TestRoot(Path.of("/")), AccessMode.LOCAL).collect(new ListeningPortsProbe(), new ProcessesProbe());
            assertTrue(f.getListeningPorts().getCollected(), f.getCollectionErrorsList().toString());
            ListeningPort ours = f.getListeningPorts().getPortsList().stream()
                    .filter(p -> p.getPort() == server.getLocalPort() && p.getProtocol().startsWith("tcp")).findFirst().orElseThrow();
            assertTrue(ours.getLoopbackOnly());
            for (ListeningPort p : f.getListeningPorts().getPortsList()) {
                assertTrue(p.getPort() > 0 && p.getPort() < 65536);
                assertTrue(List.of("tcp", "tcp6", "udp", "udp6").contains(p.getProtocol()), p.getProtocol());
            }
            assertTrue(f.getProcesses().getCollected());
            long self = ProcessHandle.current().pid();
            ProcessInfo me = f.getProcesses().getProcessesList().stream().filter(p -> p.getPid() == self).findFirst().orElseThrow();
            assertFalse(me.getName().isEmpty());
            assertFalse(me.getUser().isEmpty());
            assertTrue(f.getProcesses().getProcessesList().stream().allMatch(p -> p.getCommandLine().length() <= 513));
        }
    }

    @Test
    void sshModeParsesSs() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.command(FixedCommand.SS_LISTEN, 0, """
                udp   UNCONN 0      0            127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=512,fd=13))
                tcp   LISTEN 0      128                0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3))
                tcp   LISTEN 0      128                   [::]:22           [::]:*    users:(("sshd",pid=812,fd=4))
                tcp   LISTEN 0      64                       *:23              *:*
                """);
        Facts f = a.collect(new ListeningPortsProbe(), new ProcessesProbe());
        List<ListeningPort> ports = f.getListeningPorts().getPortsList();
        assertEquals(4, ports.size());
        assertEquals("udp", ports.get(0).getProtocol());
        assertEquals("127.0.0.53", ports.get(0).getAddress());
        assertTrue(ports.get(0).getLoopbackOnly());
        assertEquals("sshd", ports.get(1).getProcess());
        assertEquals(812, ports.get(1).getPid());
        assertEquals("tcp6", ports.get(2).getProtocol());
        assertEquals(23, ports.get(3).getPort());
        assertFalse(ports.get(3).getLoopbackOnly());
        assertFalse(f.getProcesses().getCollected());
    }

    @Test
    void commandLineRedactedAndTruncated() {
        assertEquals("redis-server --requirepass=******", ProcessesProbe.commandLine("redis-server --requirepass=foobared"));
        assertTrue(ProcessesProbe.commandLine("x".repeat(2000)).length() <= 513);
    }
}
