package cn.dengbao.sentinel.probes.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ProcessInfo;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processes probe over a fake /proc in a temporary root (real files, as the kernel lays them out). */
class ProcTableTest {
    @TempDir
    Path root;

    private void proc(int pid, String status, byte[] cmdline) throws IOException {
        Path d = Files.createDirectories(root.resolve("proc/" + pid));
        Files.writeString(d.resolve("status"), status);
        if (cmdline != null) {
            Files.write(d.resolve("cmdline"), cmdline);
        }
    }

    private static String status(String name, String uid) {
        return "Name:\t" + name + "\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nPid:\t1\nPPid:\t0\n"
                + "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t0\t0\t0\t0\nVmRSS:\t  1234 kB\n";
    }

    @Test
    void readsNameUserAndRedactedCommandLineSortedByPid() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "redis:x:105:109::/var/lib/redis:/usr/sbin/nologin\n# comment:line\n");
        proc(812, status("redis-server", "105"), "redis-server\0--requirepass=foobared\0".getBytes());
        proc(1, status("systemd", "0"), "/sbin/init\0splash\0".getBytes());
        proc(2, status("kthreadd", "0"), new byte[0]);
        proc(4242, status("orphan", "2000"), "x\0".getBytes());
        Files.createDirectories(root.resolve("proc/sys"));      // not a pid
        Files.createDirectories(root.resolve("proc/77"));        // exited: no status any more
        Files.writeString(root.resolve("proc/uptime"), "1.0 1.0\n");

        Facts f = new TestHost(new TestRoot(root), AccessMode.LOCAL).collect(new ProcessesProbe());

        assertTrue(f.getProcesses().getCollected(), f.getCollectionErrorsList().toString());
        List<ProcessInfo> ps = f.getProcesses().getProcessesList();
        assertEquals(List.of(1, 2, 812, 4242), ps.stream().map(ProcessInfo::getPid).toList());
        assertEquals("systemd", ps.get(0).getName());
        assertEquals("root", ps.get(0).getUser());
        assertEquals("/sbin/init splash", ps.get(0).getCommandLine());
        assertEquals("", ps.get(1).getCommandLine(), "kernel thread");
        assertEquals("redis", ps.get(2).getUser());
        assertEquals("redis-server --requirepass=******", ps.get(2).getCommandLine());
        assertEquals("2000", ps.get(3).getUser(), "a uid without a passwd entry is shown as its number");
    }

    @Test
    void missingProcIsACollectionErrorNotAnEmptyList() {
        Facts f = new TestHost(new TestRoot(root), AccessMode.LOCAL).collect(new ProcessesProbe());
        assertEquals(false, f.getProcesses().getCollected());
        assertEquals("processes", f.getCollectionErrors(0).getFact());
    }

    @Test
    void statusFieldParsing() {
        String s = "Name:\tbash\nUid:\t1000\t1000\t1000\t1000\n";
        assertEquals("bash", ProcTable.field(s, "Name:"));
        assertEquals("1000\t1000\t1000\t1000", ProcTable.field(s, "Uid:"));
        assertEquals("", ProcTable.field(s, "Gid:"));
    }

    private static String status(String name, String uid, int pid, int ppid) {
        return status(name, uid).replace("Pid:\t1\nPPid:\t0\n", "Pid:\t" + pid + "\nPPid:\t" + ppid + "\n");
    }

    @Test
    void sentinelsOwnProcessesAndKernelThreadsAreMarked() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "sentinel-agent:x:998:998::/var/lib/sentinel-agent:/usr/sbin/nologin\n");
        long self = ProcessHandle.current().pid();
        proc((int) self, status("java", "0", (int) self, 1), "java\0-jar\0/tmp/anything.jar\0".getBytes());
        proc(2, status("kthreadd", "0", 2, 0), new byte[0]);
        proc(9, status("kworker/0:1", "0", 9, 2), new byte[0]);
        proc(500, status("java", "998", 500, 1), "/usr/bin/java\0-jar\0/opt/sentinel-agent/sentinel-agent.jar\0run\0".getBytes());
        proc(501, status("java", "0", 501, 1), "java\0-jar\0/opt/sentinel/sentinel-collector.jar\0evaluate\0--local\0".getBytes());
        proc(600, status("java", "0", 600, 1), "java\0-jar\0/opt/app/app.jar\0".getBytes());

        Facts f = new TestHost(new TestRoot(root), AccessMode.LOCAL).collect(new ProcessesProbe());
        java.util.Map<Integer, ProcessInfo> byPid = f.getProcesses().getProcessesList().stream()
                .collect(java.util.stream.Collectors.toMap(ProcessInfo::getPid, p -> p));
        assertTrue(byPid.get((int) self).getSentinel(), "the collecting JVM itself, by pid");
        assertTrue(byPid.get(500).getSentinel(), "the agent's service user and jar");
        assertTrue(byPid.get(501).getSentinel(), "evaluate --local");
        assertEquals(false, byPid.get(600).getSentinel(), "the host's own java");
        assertTrue(byPid.get(2).getKernelThread());
        assertTrue(byPid.get(9).getKernelThread());
        assertEquals(false, byPid.get(600).getKernelThread());
    }
}
