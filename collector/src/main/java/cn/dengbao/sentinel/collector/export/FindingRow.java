package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.score.ClauseInfo;
import cn.dengbao.sentinel.collector.score.ClauseTable;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;

import java.util.List;
import java.util.Optional;

/**
 * One row of the 测评记录 (assessment record) in the assessors' column order. Text here is RAW (as the agent
 * sent it); each format escapes it on the way out.
 */
public record FindingRow(String host, String group, String control, String clause, String clauseText, String ruleId,
                         String checkItem, String evidence, Status status, String statusLabel, Risk risk,
                         String riskLabel, String remediation, String firstSeen, String rectification,
                         boolean majorHazard, String riskReason) {

    /** Column headers of the 测评记录 sheet / CSV, in order. */
    public static final List<String> HEADERS = List.of("测评对象", "安全控制点", "测评指标(条款)", "检查项",
            "结果记录(证据)", "符合情况", "风险等级", "整改建议", "首次发现", "整改状态");

    /** Extra columns after {@link #HEADERS} in the CSV, for machine use. */
    public static final List<String> CSV_EXTRA = List.of("分组", "规则ID", "重大风险隐患", "风险判定依据");

    public static FindingRow of(HostReport h, Finding f, ClauseTable clauses, Times times) {
        Optional<ClauseInfo> info = clauses.find(f.getClause());
        String control = info.map(ClauseInfo::control).orElse("");
        String clauseText = f.getClause() + info.map(c -> " " + c.summary()).orElse("");
        LifecycleRecord lc = h.lifecycle(f.getRuleId());
        boolean defect = f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL;
        return new FindingRow(h.host(), h.group(), control, f.getClause(), clauseText, f.getRuleId(), f.getTitle(),
                evidenceText(f), f.getStatus(), Labels.status(f.getStatus()), f.getRisk(),
                defect ? Labels.risk(f.getRisk()) : "", f.getRemediation(),
                lc == null ? "" : times.text(lc.firstSeenAt()), rectification(f, lc, times), f.getMajorHazard(),
                f.getRiskReason());
    }

    /** The verdict's message, then each evidence item with where it was read (file:line or command). RAW. */
    public static String evidenceText(Finding f) {
        StringBuilder b = new StringBuilder(f.getMessage());
        for (Evidence e : f.getEvidenceList()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append("· ").append(e.getText());
            Source s = e.getSource();
            if (!s.getPath().isEmpty()) {
                b.append("（").append(s.getPath());
                if (s.getLine() > 0) {
                    b.append(':').append(s.getLine());
                }
                b.append("）");
            } else if (!s.getCommand().isEmpty()) {
                b.append("（命令：").append(s.getCommand()).append("）");
            }
            if (!s.getExcerpt().isEmpty()) {
                b.append("：").append(s.getExcerpt());
            }
        }
        return b.toString();
    }

    /** 整改状态 from the lifecycle; "—" for a result that never was a defect. */
    static String rectification(Finding f, LifecycleRecord lc, Times times) {
        String decided = lc == null ? null : Labels.rectification(lc.decisionCode());
        if (decided != null) {
            return decided;
        }
        boolean defect = f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL;
        if (defect) {
            return "未整改";
        }
        if (lc != null && lc.fixedAt() != null && !lc.open()) {
            return "已整改（" + times.text(lc.fixedAt()) + "）";
        }
        return "—";
    }

    /** The ten assessor columns, raw. */
    public List<String> cells() {
        return List.of(host, control, clauseText, checkItem, evidence, statusLabel, riskLabel, remediation,
                firstSeen, rectification);
    }
}
