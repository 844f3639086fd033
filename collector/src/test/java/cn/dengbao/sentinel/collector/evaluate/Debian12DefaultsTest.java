package cn.dengbao.sentinel.collector.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A freshly bootstrapped Debian 12 (debootstrap --variant=minbase bookworm; .ci/run builds it) must not look
 * compliant: no maximum password age (8.1.4.1a), no lockout and no idle timeout (8.1.4.1b).
 */
@EnabledIfEnvironmentVariable(named = "SENTINEL_DEBIAN12_ROOT", matches = ".+")
class Debian12DefaultsTest {

    @Test
    void freshDebian12FailsIdentificationAndLoginFailureHandling() {
        Path root = Path.of(System.getenv("SENTINEL_DEBIAN12_ROOT"));
        Facts facts = new FactsCollector().collect(new RootDirAccess(root), List.of());
        assertEquals("debian", facts.getOs().getId());
        Evaluation ev = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn()).evaluate(facts, Map.of());
        assertTrue(failing(ev, "8.1.4.1a"), "no PASS_MAX_DAYS limit must fail 8.1.4.1a");
        assertTrue(failing(ev, "8.1.4.1b"), "no faillock and no TMOUT must fail 8.1.4.1b");
        assertTrue(ruleFails(ev, "pwd-max-age"), "PASS_MAX_DAYS 99999");
        assertTrue(ruleFails(ev, "login-lockout"), "no pam_faillock in common-auth");
    }

    private static ClauseResult clause(Evaluation ev, String id) {
        return ev.getClausesList().stream().filter(c -> c.getClause().equals(id)).findFirst().orElseThrow();
    }

    private static boolean ruleFails(Evaluation ev, String ruleId) {
        return ev.getFindingsList().stream().anyMatch(f -> f.getRuleId().equals(ruleId) && f.getStatus() == Status.FAIL);
    }

    private static boolean failing(Evaluation ev, String id) {
        Status s = clause(ev, id).getStatus();
        return s == Status.FAIL || s == Status.PARTIAL;
    }
}
