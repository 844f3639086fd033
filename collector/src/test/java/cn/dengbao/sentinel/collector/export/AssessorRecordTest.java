package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.proto.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssessorRecordTest {

    private static ItemRow item(AssessorRecord r, String clause) {
        return r.items().stream().filter(i -> i.clause().equals(clause)).findFirst().orElseThrow();
    }

    @Test
    void oneRowPerItemInClauseOrderWithTheStandardsWording() {
        List<String> catalog = ClauseCatalog.level3Host().items().stream().map(ClauseItem::clause).toList();
        for (HostReport h : ReportFixtures.sample().hosts()) {
            AssessorRecord r = h.record();
            assertEquals(catalog, r.items().stream().map(ItemRow::clause).toList());
            assertEquals("8.1.4.10a", r.items().get(30).clause());   // after 8.1.4.9c, not after 8.1.4.1d
            ItemRow a = item(r, "8.1.4.1a");
            assertEquals("身份鉴别", a.control());
            assertEquals("应对登录的用户进行身份标识和鉴别，身份标识具有唯一性，身份鉴别信息具有复杂度要求并定期更换", a.indicator());
            assertEquals("不符合", a.statusLabel());
            assertEquals("中", a.riskLabel());
            assertEquals(1, a.rules().size());
            assertTrue(a.result().contains("1. 检查项 pwd-max-age：不符合，结论说明 pwd-max-age"), a.result());
            ItemRow c = item(r, "8.1.4.1c");
            assertEquals("高", c.riskLabel());
            assertTrue(c.majorHazard());
            ItemRow none = item(r, "8.1.4.9a");
            assertEquals(Status.MANUAL, none.status());
            assertTrue(none.rules().isEmpty());
            assertTrue(none.result().contains("需测评人员现场核查"));
            assertEquals("不适用", item(r, "8.1.4.4d").statusLabel());
        }
    }

    @Test
    void bothTemplateViewsComeFromTheSameItemStatuses() {
        for (HostReport h : ReportFixtures.sample().hosts()) {
            AssessorRecord r = h.record();
            HostScore s = h.score();
            assertEquals(s.passed(), r.items().stream().filter(i -> i.scored() && i.status() == Status.PASS).count());
            assertEquals(s.failed(), r.items().stream().filter(i -> i.scored() && i.status() == Status.FAIL).count());
            assertEquals(s.score2021(), r.view2021().score(), 1e-9);
            double deduction = r.items().stream().mapToDouble(ItemRow::deduction2021).sum();
            assertEquals(100.0 - deduction, r.view2021().score(), 1e-9);
            double sum = r.items().stream().filter(ItemRow::scored).mapToDouble(ItemRow::value2025).sum();
            long scored = r.items().stream().filter(ItemRow::scored).count();
            assertEquals(sum / scored, r.view2025().complianceRate(), 1e-9);
            assertEquals(s.conclusion2025(), r.view2025().conclusion());
        }
    }

    @Test
    void aDecisionInForceCountsAsItsDecisionWithWhoWhenWhy() {
        AssessorRecord r = ReportFixtures.withDecisions().hosts().get(0).record();
        ItemRow c = item(r, "8.1.4.1c");
        RuleRow ssh = c.rules().get(0);
        assertEquals(ReportFixtures.DECISION_REASON, ssh.decision().reason());
        assertEquals(ReportFixtures.DECISION_BY, ssh.decision().by());
        assertEquals(ReportFixtures.DECIDED_AT, ssh.decision().at());
        assertTrue(ssh.decision().inForce());
        // accepted risk: the item stays 不符合 (not fixed), but no open high risk, no hazard
        assertEquals(Status.FAIL, c.status());
        assertEquals("", c.riskLabel());
        assertFalse(c.majorHazard());
        assertEquals(0, r.counts().highRiskOpen());
        assertEquals(1, r.counts().acceptedRisks());
        assertEquals(0, r.counts().majorHazards());
        assertTrue(c.result().contains("风险已接受：" + ReportFixtures.DECISION_REASON), c.result());
        // the revoked decision is history: the rule counts as its verdict, the note says who revoked it and why
        RuleRow pwd = item(r, "8.1.4.1a").rules().get(0);
        assertNull(pwd.decision());
        assertEquals(Status.FAIL, pwd.counted());
        assertEquals(1, pwd.decisions().size());
        String revoked = pwd.decisions().get(0).text(ReportFixtures.BEIJING);
        assertTrue(revoked.contains("已撤销") && revoked.contains("王五") && revoked.contains("仍有口令登录账户"), revoked);
    }

    @Test
    void rectificationRecordHasTheFixingScanDaysEvidenceAndReopenings() {
        AssessorRecord r = ReportFixtures.withDecisions().hosts().get(0).record();
        assertEquals(List.of("pwd-max-age", "lockout", "ssh-plaintext"),
                r.rectification().stream().map(RectificationRow::ruleId).toList());   // clause order
        RectificationRow lock = r.rectification().get(1);
        assertEquals("已整改", lock.state());
        assertEquals(7L, lock.fixedScanId());
        assertEquals(2L, lock.days());                       // reopened 03-03, fixed 03-05
        assertFalse(lock.overdue());
        assertEquals("扫描 #6：deny 未配置", lock.evidenceBefore());
        assertEquals("扫描 #7：deny=5", lock.evidenceAfter());
        assertEquals(1, lock.reopened().size());
        RectificationRow pwd = r.rectification().get(0);
        assertEquals("未整改", pwd.state());
        assertEquals(30L, pwd.days());                       // 03-01 → 03-31, not yet over 30
        assertFalse(pwd.overdue());
        RectificationRow ssh = r.rectification().get(2);
        assertEquals("已接受风险", ssh.state());
        assertEquals(ReportFixtures.DECISION_BY, ssh.decision().by());
    }
}
