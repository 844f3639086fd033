package cn.dengbao.sentinel.collector.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.MachineIdentity;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: identity is the agent's certificate, never the host name. A second agent, enrolled with its own
 * token on another machine that claims an existing host's name, gets its own host record marked as a possible
 * duplicate; its reports leave the first host's findings, first-seen and fixed-at alone until an operator merges
 * it ({@code agents merge}, audited). Real collector runtime, real agents over mutual TLS on loopback.
 */
class HostIdentityTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String RULE = "test.ip";

    /** FAIL for the first machine's address, PASS for any other: a merged impostor would "fix" the finding. */
    private static final Evaluator EVALUATOR = facts -> Evaluation.newBuilder()
            .setHost(facts.getHost().getHostname()).setReportId(facts.getReportId())
            .addFindings(Finding.newBuilder().setRuleId(RULE).setClause("8.1.4.1a").setTitle("测试规则")
                    .setStatus(facts.getHost().getIpAddressesList().contains("10.0.0.1") ? Status.FAIL : Status.PASS)
                    .setRisk(Risk.MEDIUM))
            .build();

    @TempDir
    Path tmp;

    private static AgentIdentity enroll(CollectorRuntime rt, String hostname, MachineIdentity machine, Path state)
            throws Exception {
        String token = Tokens.newToken();
        rt.backend().create(Tokens.sha256Hex(token), "web", Instant.now().plus(Duration.ofHours(1)), 1);
        return new Enroller("127.0.0.1:" + rt.port(), rt.ca().fingerprint(), 10).enroll(token, hostname,
                "Debian GNU/Linux 12", "t", machine, state);
    }

    private static AgentDaemon daemon(CollectorRuntime rt, AgentIdentity id, Path spool, String hostname, String ip)
            throws Exception {
        return TestCollector.daemon("127.0.0.1:" + rt.port(), id, spool, 10, sections -> Facts.newBuilder()
                .setSchemaVersion("1").setHost(HostInfo.newBuilder().setHostname(hostname)
                        .setCollectedAtEpochMs(System.currentTimeMillis()).addIpAddresses(ip)).build());
    }

    private static MachineIdentity machine(String machineId, String mac) {
        return MachineIdentity.newBuilder().setMachineId(machineId).addMac(mac).build();
    }

    @Test
    void anotherMachineClaimingAHostNameGetsItsOwnHostUntilMerged() throws Exception {
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("col").toString();
        cfg.scheduler.enabled = false;
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, EVALUATOR)) {
            AgentIdentity first = enroll(rt, "web-01", machine("1111", "52:54:00:00:00:01"), tmp.resolve("a1"));
            String hostA = rt.backend().hostIdOf(first.agentId());
            try (AgentDaemon d = daemon(rt, first, tmp.resolve("s1"), "web-01", "10.0.0.1")) {
                d.start();
                TestCollector.await("first machine's report", T, () -> d.acked() == 1);
            }
            FindingRecord before = rt.store().findings().get(hostA, RULE).orElseThrow();
            assertTrue(before.open());

            // the attack: another machine, another token, the same host name
            AgentIdentity second = enroll(rt, "web-01", machine("2222", "52:54:00:00:00:02"), tmp.resolve("a2"));
            String hostB = rt.backend().hostIdOf(second.agentId());
            assertNotEquals(hostA, hostB, "a host name is not an identity");
            try (AgentDaemon d = daemon(rt, second, tmp.resolve("s2"), "web-01", "10.0.0.2")) {
                d.start();
                TestCollector.await("second machine's reports", T, () -> d.acked() == 1);
            }
            FindingRecord after = rt.store().findings().get(hostA, RULE).orElseThrow();
            assertEquals(before, after, "the first host's finding, first-seen and fixed-at are untouched");
            assertTrue(after.open());
            assertNull(after.fixedAt());
            assertEquals(1, rt.store().scans().list(hostA, 10).size());
            assertEquals(1, rt.store().scans().list(hostB, 10).size());

            Host b = rt.store().hosts().byId(hostB).orElseThrow();
            assertEquals("web-01", b.hostname(), "shown as the host reports it");
            assertNotEquals("web-01", b.name(), "but not under the first host's name");
            AgentRecord secondAgent = rt.store().agents().byId(second.agentId()).orElseThrow();
            assertEquals(hostA, secondAgent.duplicateOf());
            assertEquals("2222", secondAgent.machine().machineId(), "the machine identity sent at enrolment is kept");
            assertTrue(rt.store().hosts().duplicateReason(hostB).orElseThrow().contains("same host name"));
            assertEquals("", rt.store().agents().byId(first.agentId()).orElseThrow().duplicateOf());
            ConsoleRun list = ConsoleRun.of(() -> CollectorMain.execute("agents", "list", "--data-dir", cfg.dataDir));
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains("疑似重复"), list.out());

            // a reinstall of the first machine (same machine-id, other host name) is flagged by its identity
            AgentIdentity third = enroll(rt, "web-01-new", machine("1111", "52:54:00:00:00:03"), tmp.resolve("a3"));
            AgentRecord thirdAgent = rt.store().agents().byId(third.agentId()).orElseThrow();
            assertEquals(hostA, thirdAgent.duplicateOf());
            assertTrue(rt.store().hosts().duplicateReason(thirdAgent.hostId()).orElseThrow().contains("machine-id"));

            // the operator decides: a decision is required, the merge is audited and moves only the agent
            assertEquals(2, ConsoleRun.of(() -> CollectorMain.execute("agents", "merge", third.agentId(),
                    "--data-dir", cfg.dataDir)).exit());
            ConsoleRun merge = ConsoleRun.of(() -> CollectorMain.execute("agents", "merge", third.agentId(),
                    "--into", "web-01", "--data-dir", cfg.dataDir));
            assertEquals(0, merge.exit(), merge.err());
            assertEquals(hostA, rt.store().agents().byId(third.agentId()).orElseThrow().hostId());
            assertFalse(rt.store().hosts().list(null).stream().anyMatch(h -> h.id().equals(thirdAgent.hostId())),
                    "the merged-away host is retired");
            assertTrue(rt.store().audit().list(0, 100).stream().anyMatch(e -> e.action().equals("agent.merge")
                    && e.detailsJson().contains(third.agentId())), "the merge is audited");
            ConsoleRun distinct = ConsoleRun.of(() -> CollectorMain.execute("agents", "merge", second.agentId(),
                    "--distinct", "--data-dir", cfg.dataDir));
            assertEquals(0, distinct.exit(), distinct.err());
            assertEquals("", rt.store().agents().byId(second.agentId()).orElseThrow().duplicateOf());
            assertEquals(List.of(), rt.store().hosts().duplicateReason(hostB).stream().toList());
        }
    }
}
