package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.LogRotation;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The range as a whole: a compliant host, clause roll-up, and thresholds tuned by a profile file. */
class RangeProfileAndRollupTest {

    /** Rules that stand aside on the compliant host because their companion rule decides. */
    static final Set<String> EXPECTED_NOT_APPLICABLE = Set.of("input-validation-na", "patch-status-manual",
            "hids-manual", "file-integrity-manual", "backup-job-missing", "hot-redundancy-ha",
            "residual-sensitive-data", "personal-info-collection", "personal-info-access");
    static final Set<String> EXPECTED_MANUAL = Set.of("minimal-install-manual", "backup-restore-manual",
            "offsite-backup-manual", "hot-redundancy-manual", "residual-auth-info");

    private static boolean inRange(String clause) {
        return clause.matches("8\\.1\\.4\\.([3-9]|1[01])[a-z]?");
    }

    @Test
    void compliantHostPassesEveryAutomatedRuleOfTheRange() {
        Evaluation ev = RuleHarness.ENGINE.evaluate(CompliantHost.facts().build(), Map.of());
        Map<String, Status> got = new TreeMap<>();
        for (Finding f : ev.getFindingsList()) {
            if (inRange(f.getClause())) {
                got.put(f.getRuleId(), f.getStatus());
                if (f.getStatus() == Status.PASS) {
                    assertEquals(Risk.NONE, f.getRisk(), f.getRuleId());
                }
            }
        }
        Map<String, Status> unexpected = got.entrySet().stream()
                .filter(e -> !(e.getValue() == Status.PASS
                        || (e.getValue() == Status.NOT_APPLICABLE && EXPECTED_NOT_APPLICABLE.contains(e.getKey()))
                        || (e.getValue() == Status.MANUAL && EXPECTED_MANUAL.contains(e.getKey()))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of(), unexpected);
    }

    @Test
    void clausesRollUpFromTheirRules() {
        Facts.Builder f = CompliantHost.facts();
        f.getAuditBuilder().setRulesImmutable(false);  // 8.1.4.3d: one PARTIAL next to PASSes
        f.getSshdBuilder().clearOptions();              // 8.1.4.7a: MACs unset → PARTIAL
        Evaluation ev = RuleHarness.ENGINE.evaluate(f.build(), Map.of());
        Map<String, Status> clauses = ev.getClausesList().stream()
                .collect(Collectors.toMap(ClauseResult::getClause, ClauseResult::getStatus));
        assertEquals(Status.PASS, clauses.get("8.1.4.3a"));
        assertEquals(Status.PARTIAL, clauses.get("8.1.4.3d"));
        assertEquals(Status.PASS, clauses.get("8.1.4.5"));
        assertEquals(Status.PARTIAL, clauses.get("8.1.4.7a"));
        assertEquals(Status.PASS, clauses.get("8.1.4.4f"));      // hids-present PASS + hids-manual N/A
        assertEquals(Status.MANUAL, clauses.get("8.1.4.9b"));
        assertEquals(Status.NOT_APPLICABLE, clauses.get("8.1.4.11a"));
        assertEquals(Status.NOT_APPLICABLE, clauses.get("8.1.4.4d"));
    }

    @Test
    void profileTunesThresholdsWithoutRebuild(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("assessor.yaml");
        Files.writeString(profile, String.join("\n",
                "name: 某测评机构基线",
                "params:",
                "  log-retention.min_days: 28",
                "  antimalware-signatures.max_age_days: 60",
                "  high-risk-ports-listening.high_risk_ports:",
                "    - {name: telnet, lo: 23, hi: 23, proto: tcp}",
                "risk_overrides: { unneeded-services: MEDIUM }",
                ""), StandardCharsets.UTF_8);
        RuleEngine tuned = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn().overlay(profile));

        Facts.Builder f = CompliantHost.facts();
        f.getAuditBuilder().removeAuditdConf("max_log_file_action").clearRotations()
                .addRotations(LogRotation.newBuilder().setPathPattern("/var/log/messages").setRotate(4)
                        .setPeriod("weekly").setRetentionDays(28));
        f.getSecuritySoftwareBuilder().getProductsBuilder(0).setSignatureEpochS(CompliantHost.NOW_S - 45 * CompliantHost.DAY_S);
        f.getListeningPortsBuilder().addPorts(CompliantHost.port("tcp", "0.0.0.0", 445, "smbd"));
        f.getServicesBuilder().addServices(CompliantHost.service("cups", true, true));
        Facts facts = f.build();

        assertEquals(Status.FAIL, status(RuleHarness.ENGINE, facts, "log-retention"));
        assertEquals(Status.PASS, status(tuned, facts, "log-retention"));
        assertEquals(Status.FAIL, status(RuleHarness.ENGINE, facts, "antimalware-signatures"));
        assertEquals(Status.PASS, status(tuned, facts, "antimalware-signatures"));
        assertEquals(Status.FAIL, status(RuleHarness.ENGINE, facts, "high-risk-ports-listening"));
        assertEquals(Status.PASS, status(tuned, facts, "high-risk-ports-listening"));
        Finding cups = find(tuned.evaluate(facts, Map.of()), "unneeded-services");
        assertEquals(List.of(Status.FAIL, Risk.MEDIUM), List.of(cups.getStatus(), cups.getRisk()));
    }

    private static Status status(RuleEngine engine, Facts facts, String id) {
        return find(engine.evaluate(facts, Map.of()), id).getStatus();
    }

    private static Finding find(Evaluation ev, String id) {
        return ev.getFindingsList().stream().filter(x -> x.getRuleId().equals(id)).findFirst().orElseThrow();
    }
}
