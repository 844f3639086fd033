package cn.dengbao.sentinel.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TempRootAccess;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProbesTest {
    @TempDir
    Path dir;

    @Test
    void everySectionOnceAndAnEmptyRootNeverThrows() {
        List<Probe> probes = SystemProbes.all();
        Set<FactSection> sections = new HashSet<>();
        probes.forEach(p -> assertTrue(sections.add(p.section()), "duplicate " + p.section()));
        assertEquals(12, sections.size());
        Facts f = new TempRootAccess(dir).collect(probes.toArray(Probe[]::new));
        // an empty root: only "this mode cannot see it" and the files every host must have are errors
        Set<String> facts = new HashSet<>();
        f.getCollectionErrorsList().forEach(e -> facts.add(e.getFact() + ":" + e.getKind()));
        assertEquals(Set.of("os:NOT_FOUND", "packages:NOT_FOUND", "listening_ports:NOT_COLLECTED", "processes:NOT_COLLECTED"), facts);
        assertTrue(f.getCollectionErrorsList().stream().noneMatch(e -> e.getKind() == ErrorKind.IO_ERROR));
    }
}
