package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 8.1.4.1 身份鉴别 beyond the verdict tables (those are data: rules/8.1.4.1/<rule>.tests.yaml): hazards and profiles. */
class IdentificationRulesTest {

    @Test
    void emptyPasswordIsAMajorHazardUntilCompensated() {
        Facts facts = FactsFixtures.compliantHost().account("guest", 1002, "/bin/bash", PasswordState.EMPTY).build();
        Finding high = RuleHarness.finding("account-empty-password", facts);
        assertTrue(high.getMajorHazard());
        assertTrue(high.getRiskReason().contains("空口令"), high.getRiskReason());
        Finding lowered = RuleHarness.finding("account-empty-password", facts, Map.of("access_restricted", "true"));
        assertEquals(false, lowered.getMajorHazard());
        assertTrue(lowered.getRiskReason().contains("access_restricted=true"), lowered.getRiskReason());
    }

    @Test
    void lenientProfileAcceptsShorterUnlockAndLongerIdle() {
        RuleEngine lenient = new RuleEngine(RuleCatalog.builtIn(), Profile.resource("profiles/lenient-assessor.yaml"));
        Facts facts = FactsFixtures.compliantHost().lockout("pam_faillock", "5", "300").tmout("1800", true).build();
        var ev = lenient.evaluate(facts, Map.of());
        assertEquals(Status.PASS, RuleHarness.find(ev, "login-lockout").getStatus());
        assertEquals(Status.PASS, RuleHarness.find(ev, "session-tmout").getStatus());
        assertEquals(Status.PARTIAL, RuleHarness.finding("login-lockout", facts).getStatus(), "default profile is stricter");
        assertEquals(Status.FAIL, RuleHarness.finding("session-tmout", facts).getStatus());
    }
}
