package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.score.HostScore;

import java.util.List;

/**
 * The assessor's record (现场测评记录) of one host: one {@link ItemRow} per 8.1.4 测评指标 (34, in clause order),
 * each with its rules; both template views computed from the same item statuses; and the rectification record
 * (整改记录) per finding. Built once by {@link ReportBuilder} and read by every exporter via
 * {@code HostReport.record()}.
 */
public record AssessorRecord(String host, String group, String scanId, List<ItemRow> items, View2021 view2021,
                             View2025 view2025, Counts counts, List<RectificationRow> rectification) {
    public AssessorRecord {
        items = List.copyOf(items);
        rectification = List.copyOf(rectification);
    }

    /** The 2021 template: estimated score (NaN when nothing scored) and band (优/良/中/差, 无法估算). */
    public record View2021(double score, String band, boolean passing) {
    }

    /**
     * The 2025 template: items 符合 / 部分符合 / 不符合 / 不适用 / not scored, 符合率 (0..1, NaN when nothing scored)
     * and the conclusion (符合 / 基本符合 / 不符合).
     */
    public record View2025(int passed, int partial, int failed, int notApplicable, int unassessed,
                           double complianceRate, String conclusion) {
    }

    /**
     * The counts every chart and table shows, by the one {@link cn.dengbao.sentinel.collector.score.CountingRule}:
     * open high / medium risks (rules), accepted risks (rules), 重大风险隐患 (open, high, flagged rules), and items
     * per status.
     */
    public record Counts(int highRiskOpen, int mediumRiskOpen, int acceptedRisks, int majorHazards) {
    }

    static AssessorRecord of(HostReport h, List<ItemRow> items, List<RectificationRow> rect) {
        HostScore s = h.score();
        View2021 v21 = new View2021(s.score2021(), s.band2021(), s.passing2021());
        View2025 v25 = new View2025(s.passed(), s.partial(), s.failed(), s.notApplicable(),
                (int) items.stream().filter(i -> !i.scored() && i.status() != cn.dengbao.sentinel.proto.Status.NOT_APPLICABLE).count(),
                s.complianceRate(), s.conclusion2025());
        Counts c = new Counts(s.highRiskOpen(), s.mediumRiskOpen(), s.acceptedRisks(), s.majorHazards().size());
        return new AssessorRecord(h.host(), h.group(), h.scanId(), items, v21, v25, c, rect);
    }
}
