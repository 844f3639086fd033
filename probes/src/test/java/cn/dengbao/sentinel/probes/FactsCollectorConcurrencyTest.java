package cn.dengbao.sentinel.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsCollectorConcurrencyTest {
    @TempDir
    Path root;

    /** Everything but what legitimately differs between two collections of the same root. */
    private static Facts stable(Facts f) {
        return f.toBuilder().clearReportId().setHost(f.getHost().toBuilder().clearCollectionMillis()).build();
    }

    @Test
    void concurrentCollectionEqualsSequentialCollection() {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/var/lib/dpkg/status", "Package: apparmor\nStatus: install ok installed\nVersion: 3.0.8-3\nArchitecture: amd64\n\n"
                        + "Package: linux-image-6.1.0-26-amd64\nStatus: install ok installed\nVersion: 6.1.112-1\nArchitecture: amd64\n\n")
                .dir("/etc/apparmor.d");
        Facts sequential = new FactsCollector(ProbeRegistry.all(), TestHost.CLOCK, 1).collect(new TestHost(rb), List.of());
        for (int i = 0; i < 5; i++) {
            Facts concurrent = new FactsCollector(ProbeRegistry.all(), TestHost.CLOCK, 4).collect(new TestHost(rb), List.of());
            assertEquals(stable(sequential), stable(concurrent));
        }
        // the fixture really exercises the dependent probes: packages read by product and MAC probes
        assertTrue(sequential.getPackages().getPackagesCount() > 0);
    }

    @Test
    void aProbeSeesTheSectionsItReadsEvenWhenTheirProbeIsSlow() {
        Probe slowOs = probe(FactSection.SECTION_OS, Set.of(), 300, (ctx, f) -> f.setOs(OsInfo.newBuilder().setKernelRelease("6.1.0-test")));
        Probe reader = probe(FactSection.SECTION_SSHD, Set.of(FactSection.SECTION_OS), 0,
                (ctx, f) -> f.setSshd(Sshd.newBuilder().addConfigFiles("saw " + f.getOs().getKernelRelease())));
        Facts f = new FactsCollector(List.of(slowOs, reader), TestHost.CLOCK, 4).collect(new TestHost(new TestRoot(root)), List.of());
        assertEquals(List.of("saw 6.1.0-test"), f.getSshd().getConfigFilesList());
        // the section is in the facts once, not once per reader
        assertEquals("6.1.0-test", f.getOs().getKernelRelease());
    }

    @Test
    void sectionsGivenToSeveralReadersAreMergedOnce() {
        Probe sshd = probe(FactSection.SECTION_SSHD, Set.of(), 50, (ctx, f) -> f.setSshd(Sshd.newBuilder().addConfigFiles("/etc/ssh/sshd_config")));
        Probe reader = probe(FactSection.SECTION_OS, Set.of(FactSection.SECTION_SSHD), 0,
                (ctx, f) -> f.setOs(OsInfo.newBuilder().setKernelRelease(String.valueOf(f.getSshd().getConfigFilesCount()))));
        Probe second = probe(FactSection.SECTION_MAC, Set.of(FactSection.SECTION_SSHD), 0, (ctx, f) -> { });
        Probe blind = probe(FactSection.SECTION_SESSION, Set.of(), 0,
                (ctx, f) -> ctx.error("session", "", ErrorKind.NOT_FOUND, "saw " + f.getSshd().getConfigFilesCount()));
        Facts f = new FactsCollector(List.of(sshd, reader, second, blind), TestHost.CLOCK, 3).collect(new TestHost(new TestRoot(root)), List.of());
        assertEquals(List.of("/etc/ssh/sshd_config"), f.getSshd().getConfigFilesList());
        assertEquals("1", f.getOs().getKernelRelease());
        // a probe that does not declare a section does not see it (so it cannot race with it)
        assertEquals("saw 0", f.getCollectionErrors(0).getDetail());
    }

    @Test
    void collectionErrorsKeepRegistrationOrderWhateverFinishesFirst() {
        Probe slow = probe(FactSection.SECTION_OS, Set.of(), 300, (ctx, f) -> ctx.error("os", "/a", ErrorKind.NOT_FOUND, "first"));
        Probe fast = probe(FactSection.SECTION_SSHD, Set.of(), 0, (ctx, f) -> ctx.error("sshd", "/b", ErrorKind.NOT_FOUND, "second"));
        Probe boom = probe(FactSection.SECTION_MAC, Set.of(), 0, (ctx, f) -> {
            throw new IllegalStateException("bug");
        });
        FactsCollector.Collected c = new FactsCollector(List.of(slow, fast, boom), TestHost.CLOCK, 4)
                .collectTimed(new TestHost(new TestRoot(root)), List.of());
        assertEquals(List.of("os", "sshd", "mac"), c.facts().getCollectionErrorsList().stream().map(e -> e.getFact()).toList());
        assertEquals(3, c.timings().size());
        assertEquals(FactSection.SECTION_OS, c.timings().get(0).section());
        assertTrue(c.timings().get(0).millis() >= 250, "the slow probe's time is measured: " + c.timings().get(0));
        // the fast probe did not wait for the slow one
        assertTrue(c.timings().get(1).startedAtMillis() < 250, "probes run concurrently: " + c.timings());
    }

    private interface Body {
        void collect(ProbeContext ctx, Facts.Builder facts);
    }

    private static Probe probe(FactSection section, Set<FactSection> reads, long sleepMillis, Body body) {
        return new Probe() {
            @Override
            public FactSection section() {
                return section;
            }

            @Override
            public Set<FactSection> reads() {
                return reads;
            }

            @Override
            public void collect(ProbeContext context, Facts.Builder facts) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body.collect(context, facts);
            }

            @Override
            public List<ProbePath> paths() {
                return List.of();
            }
        };
    }
}
