package cn.dengbao.sentinel.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsJsonRoundTripTest {
    @TempDir
    Path root;

    @Test
    void roundTripIgnoresUnknownFields() throws Exception {
        Facts f = Facts.newBuilder().setSchemaVersion("1").setHost(HostInfo.newBuilder().setHostname("h")).build();
        String json = FactsJson.print(f);
        assertTrue(json.contains("schema_version"));
        assertEquals(f, FactsJson.parse(json));
        Facts g = FactsJson.parse("{\"schema_version\":\"1\",\"from_the_future\":{\"x\":1}}");
        assertEquals("1", g.getSchemaVersion());
    }

    @Test
    void refusesOversizedAndMalformedInput() throws Exception {
        FactsJson.InvalidFactsException big = assertThrows(FactsJson.InvalidFactsException.class,
                () -> FactsJson.parse("{\"schema_version\":\"" + "x".repeat(200) + "\"}", 100));
        assertTrue(big.getMessage().contains("larger than the limit"));
        FactsJson.InvalidFactsException bad = assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse("{not json"));
        assertTrue(bad.getMessage().startsWith("not a valid facts JSON document"));
        assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse("{\"host\": 5}"));
        String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        FactsJson.InvalidFactsException nested = assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse(deep));
        assertTrue(nested.getMessage().contains("nests deeper"));
        // brackets inside strings are text, not nesting
        assertEquals("[[[[", FactsJson.parse("{\"host\":{\"hostname\":\"[[[[\"}}").getHost().getHostname());
    }

    @Test
    void unreadablePamStackIsReportedOnceEvenWhenSeveralProbesReadIt() {
        TestRoot rb = new TestRoot(root).debian12();
        var access = new cn.dengbao.sentinel.probes.testsupport.FaultyAccess(new TestHost(rb),
                java.util.Map.of("/etc/pam.d/common-auth", ErrorKind.PERMISSION_DENIED));
        Facts all = new FactsCollector(ProbeRegistry.all(), TestHost.CLOCK).collect(access, List.of());
        assertEquals(1, all.getCollectionErrorsList().stream().filter(e -> e.getFact().equals("pam.common-auth")).count());
        Facts lockoutOnly = new FactsCollector(ProbeRegistry.all(), TestHost.CLOCK)
                .collect(access, List.of(FactSection.SECTION_LOGIN_LOCKOUT));
        assertEquals("pam.common-auth", lockoutOnly.getCollectionErrors(0).getFact());
        assertEquals(ErrorKind.PERMISSION_DENIED, lockoutOnly.getCollectionErrors(0).getKind());
    }

    @Test
    void aFailingProbeCostsOnlyItsSection() {
        Probe boom = new Probe() {
            @Override
            public FactSection section() {
                return FactSection.SECTION_LOGIN_LOCKOUT;
            }

            @Override
            public void collect(ProbeContext context, Facts.Builder facts) {
                throw new IllegalStateException("bug");
            }

            @Override
            public List<ProbePath> paths() {
                return List.of();
            }
        };
        new TestRoot(root).debian12();
        FactsCollector c = new FactsCollector(List.of(boom, new cn.dengbao.sentinel.probes.sshd.SshdProbe()), TestHost.CLOCK);
        Facts f = c.collect(new TestHost(new TestRoot(root)), List.of());
        assertTrue(f.getSshd().getInstalled());
        assertEquals("login_lockout", f.getCollectionErrors(0).getFact());
        assertEquals(ErrorKind.IO_ERROR, f.getCollectionErrors(0).getKind());
        assertEquals(TestHost.CLOCK.millis(), f.getHost().getCollectedAtEpochMs());
        Facts only = c.collect(new TestHost(new TestRoot(root)), List.of(FactSection.SECTION_SSHD));
        assertEquals(0, only.getCollectionErrorsCount());
    }
}
