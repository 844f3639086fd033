package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One finding in the rectification record (整改记录): first found, the re-scan that found it fixed (scan id and
 * time), days to fix (or, while open, days open), overdue (more than the KPI's overdue days, 30 by default),
 * evidence before and after, how often and when it came back, and the decision in force. RAW text.
 */
public record RectificationRow(String host, String ruleId, String clause, String title, Risk risk,
                               boolean majorHazard, Instant firstSeen, Instant openedAt, String state,
                               Long fixedScanId, Instant fixedAt, Long days, boolean overdue,
                               String evidenceBefore, String evidenceAfter, int reopenCount, List<String> reopened,
                               DecisionNote decision) {
    public RectificationRow {
        reopened = reopened == null ? List.of() : List.copyOf(reopened);
    }

    public static final List<String> HEADERS = List.of("测评对象", "测评指标(条款)", "规则", "问题", "风险等级",
            "重大风险隐患", "首次发现", "整改状态", "复测扫描", "复测时间", "整改用时(天)", "逾期", "整改前证据",
            "整改后证据", "复发记录", "处置(理由/处置人/时间)");

    /** 已整改 when a re-scan found it fixed and it did not come back. */
    public boolean fixed() {
        return fixedAt != null && state.startsWith("已整改");
    }

    public List<String> cells(Times times) {
        List<String> c = new ArrayList<>();
        c.add(host);
        c.add(clause);
        c.add(ruleId);
        c.add(title);
        c.add(Labels.risk(risk));
        c.add(majorHazard ? "是" : "否");
        c.add(times.text(firstSeen));
        c.add(state);
        c.add(fixedScanId == null ? "" : "#" + fixedScanId);
        c.add(times.text(fixedAt));
        c.add(days == null ? "" : days.toString());
        c.add(overdue ? "是" : "否");
        c.add(evidenceBefore);
        c.add(evidenceAfter);
        c.add(reopenCount == 0 ? "" : reopenCount + " 次：" + String.join("；", reopened));
        c.add(decision == null ? "" : decision.text(times));
        return c;
    }
}
