package cn.dengbao.sentinel.agent.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static FactReport report(String id) {
        return FactReport.newBuilder().setReportId(id).setTrigger("schedule").setCreatedAtEpochMs(1)
                .setFacts(Facts.newBuilder().setReportId(id)).build();
    }

    @Test
    void survivesRestartInOrderWithOwnerOnlyFiles() throws Exception {
        Spool s = new Spool(dir, 10, 1 << 20);
        s.put(report("r-00000001"));
        s.put(report("r-00000002"));
        s.put(report("r-00000003"));
        assertTrue(s.remove("r-00000002"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (Spool.Entry e : s.pending()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(e.file())));
        }
        // a half-written file left by a crash is ignored and cleaned up
        Files.writeString(dir.resolve(".r-x.report.tmp-1-1"), "partial");
        Spool reopened = new Spool(dir, 10, 1 << 20);
        List<String> ids = reopened.pending().stream().map(Spool.Entry::reportId).toList();
        assertEquals(List.of("r-00000001", "r-00000003"), ids);
        assertEquals("r-00000003", reopened.read(reopened.pending().get(1)).orElseThrow().getReportId());
        assertFalse(Files.exists(dir.resolve(".r-x.report.tmp-1-1")));
        reopened.put(report("r-00000004"));
        assertEquals("r-00000004", reopened.pending().get(2).reportId(), "new reports sort after recovered ones");
    }

    @Test
    void fullSpoolDropsOldestAndKeepsCountAcrossRestart() throws Exception {
        Spool s = new Spool(dir, 2, 1 << 20);
        s.put(report("r-00000001"));
        s.put(report("r-00000002"));
        assertEquals(1, s.put(report("r-00000003")));
        assertEquals(List.of("r-00000002", "r-00000003"), s.pending().stream().map(Spool.Entry::reportId).toList());
        assertEquals(1, s.dropped());
        Spool reopened = new Spool(dir, 2, 1 << 20);
        assertEquals(1, reopened.dropped(), "the drop count is not lost by a restart");
        reopened.put(report("r-00000004"));
        assertEquals(2, reopened.dropped());
        reopened.droppedReported(1);
        assertEquals(1, reopened.dropped(), "only what the collector was told is cleared");
    }

    @Test
    void byteLimitDropsOldestButKeepsTheNewest() throws Exception {
        Spool s = new Spool(dir, 100, 60);
        s.put(report("r-00000001"));
        s.put(report("r-00000002"));
        s.put(report("r-00000003"));
        assertTrue(s.bytes() <= 60 || s.size() == 1);
        assertTrue(s.contains("r-00000003"));
        assertTrue(s.dropped() >= 1);
    }

    @Test
    void corruptFileIsDroppedAndCounted() throws Exception {
        Spool s = new Spool(dir, 10, 1 << 20);
        s.put(report("r-00000001"));
        Spool.Entry e = s.pending().get(0);
        Files.write(e.file(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        assertTrue(s.read(e).isEmpty());
        assertEquals(0, s.size());
        assertEquals(1, s.dropped());
    }
}
