package cn.dengbao.sentinel.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.packages.PackagesProbe;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRegistryTest {
    @TempDir
    Path dir;

    @Test
    void everySectionExactlyOnce() {
        Set<FactSection> sections = EnumSet.noneOf(FactSection.class);
        ProbeRegistry.all().forEach(p -> assertTrue(sections.add(p.section()), "duplicate " + p.section()));
        Set<FactSection> expected = EnumSet.allOf(FactSection.class);
        expected.remove(FactSection.FACT_SECTION_UNSPECIFIED);
        expected.removeIf(s -> s.name().equals("UNRECOGNIZED"));
        assertEquals(expected, sections, "a section no probe fills, or a probe left out of the registry");
    }

    /** The collector makes a reader wait only for EARLIER probes that fill what it reads: the order is the contract. */
    @Test
    void everyProbeRunsAfterTheProbesItReads() {
        List<Probe> probes = ProbeRegistry.all();
        Set<FactSection> before = new HashSet<>();
        for (Probe p : probes) {
            for (FactSection read : p.reads()) {
                assertTrue(before.contains(read), p.getClass().getSimpleName() + " reads " + read + " before it is filled");
            }
            before.add(p.section());
        }
    }

    @Test
    void thePendingUpdatesCacheReachesThePackagesProbe(@TempDir Path cacheDir) throws Exception {
        PendingUpdatesCache cache = PendingUpdatesCache.open(cacheDir.resolve("c"), Clock.systemUTC()).orElseThrow();
        PackagesProbe packages = ProbeRegistry.all(cache).stream()
                .filter(PackagesProbe.class::isInstance).map(PackagesProbe.class::cast).findFirst().orElseThrow();
        var field = PackagesProbe.class.getDeclaredField("cache");
        field.setAccessible(true);
        assertSame(cache, field.get(packages));
    }

    @Test
    void anEmptyRootNeverThrows() {
        List<Probe> probes = ProbeRegistry.all();
        Facts f = new TestHost(new TestRoot(dir)).collect(probes.toArray(Probe[]::new));
        // an empty root: only "this mode cannot see it" and the files every host must have are errors
        Set<String> facts = new HashSet<>();
        f.getCollectionErrorsList().forEach(e -> facts.add(e.getFact() + ":" + e.getKind()));
        assertEquals(Set.of("os:NOT_FOUND", "packages:NOT_FOUND", "listening_ports:NOT_COLLECTED", "processes:NOT_COLLECTED",
                "accounts.shadow:NOT_FOUND", "accounts.passwd:NOT_FOUND", "accounts.group:NOT_FOUND", "pam:NOT_FOUND"), facts);
        assertTrue(f.getCollectionErrorsList().stream().noneMatch(e -> e.getKind() == ErrorKind.IO_ERROR));
    }
}
