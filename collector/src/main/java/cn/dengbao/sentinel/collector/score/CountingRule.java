package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.proto.Status;

/**
 * THE counting rule of every figure, chart and table (score, 符合率, risk counts, the assessor's record, every
 * export format): <b>a finding with an operator decision in force counts as its decision</b>.
 * <ul>
 *   <li>不适用 (not_applicable): the rule counts as 不适用 — set aside in its item's roll-up (the item is rolled up
 *       again by {@code ClauseRollup}) and in no risk count.</li>
 *   <li>风险已接受 (accepted_risk): the rule keeps its verdict in the item (an accepted risk is not a fix, so the item
 *       stays 不符合 / 部分符合 and scores so), but it is counted as 已接受风险, not among the open high / medium
 *       risks, the 重大风险隐患 or the "fix first" list.</li>
 *   <li>A revoked decision is history: the finding counts as its verdict again.</li>
 * </ul>
 */
public final class CountingRule {
    private CountingRule() {
    }

    /** The status a rule counts with in its item's roll-up. */
    public static Status countedStatus(Status verdict, String decisionCode) {
        return HostInput.NOT_APPLICABLE.equals(decisionCode) ? Status.NOT_APPLICABLE : verdict;
    }

    /** A defect (不符合 / 部分符合) that no decision sets aside. */
    public static boolean defect(Status verdict, String decisionCode) {
        return (verdict == Status.FAIL || verdict == Status.PARTIAL)
                && !HostInput.NOT_APPLICABLE.equals(decisionCode);
    }

    /** A defect counted among the open risks (high / medium / 重大风险隐患): not set aside, not accepted. */
    public static boolean openRisk(Status verdict, String decisionCode) {
        return defect(verdict, decisionCode) && !HostInput.ACCEPTED_RISK.equals(decisionCode);
    }

    /** A defect whose risk the operator accepted: counted as 已接受风险. */
    public static boolean acceptedRisk(Status verdict, String decisionCode) {
        return defect(verdict, decisionCode) && HostInput.ACCEPTED_RISK.equals(decisionCode);
    }
}
