package cn.dengbao.sentinel.checks.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import org.junit.jupiter.api.Test;

/** 8.1.4.2 访问控制 beyond the verdict tables (those are data: rules/8.1.4.2/<rule>.tests.yaml): manual findings. */
class AccessControlRulesTest {

    @Test
    void manualFindingsSayWhatToCheckAndTheRiskIfItFails() {
        Finding f = RuleHarness.finding("account-assignment-review", FactsFixtures.compliantHost().build());
        assertTrue(f.getMessage().contains("核查"), f.getMessage());
        assertTrue(f.getRiskReason().contains("中"), f.getRiskReason());
        assertEquals(3, f.getEvidenceList().stream().map(Evidence::getText).filter(t -> t.startsWith("可登录账户")).count(),
                "root, alice and audit: only accounts with an interactive shell");
    }
}
