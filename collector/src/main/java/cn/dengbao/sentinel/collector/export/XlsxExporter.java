package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * XLSX in the assessors' layout: 汇总 (hosts, scores, conclusions, KPI), 测评记录 (one row per rule result),
 * 高风险 (open high-risk results only), 资产 (basic configuration record), 重大风险隐患整改 (2025 Appendix H style
 * rectification record: hazard, status, re-scan verification). Streamed with fastexcel, flushing
 * rows as it goes so thousands of hosts do not sit in memory. All text cells pass through {@link Escaping#cell}.
 */
public final class XlsxExporter implements Exporter {
    public static final String SHEET_SUMMARY = "汇总";
    public static final String SHEET_RECORDS = "测评记录";
    public static final String SHEET_HIGH = "高风险";
    public static final String SHEET_ASSETS = "资产";
    public static final String SHEET_HAZARDS = "重大风险隐患整改";
    public static final List<String> HOST_HEADERS = List.of("测评对象", "分组", "估算得分(2021)", "等级", "符合率(2025)",
            "结论", "高风险(未整改)", "中风险(未整改)", "重大风险隐患", "未评估项(不计分)");
    public static final List<String> ASSET_HEADERS = List.of("测评对象", "操作系统", "内核", "架构", "IP地址", "软件包数",
            "开放端口", "可登录账户", "采集时间");
    private static final int FLUSH_EVERY = 2000;

    @Override
    public void write(ReportData d, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "DengbaoSentinel", "1.0");
        summary(wb.newWorksheet(SHEET_SUMMARY), d);
        records(wb.newWorksheet(SHEET_RECORDS), d, false);
        records(wb.newWorksheet(SHEET_HIGH), d, true);
        assets(wb.newWorksheet(SHEET_ASSETS), d);
        hazards(wb.newWorksheet(SHEET_HAZARDS), d);
        wb.finish();
    }

    private static void text(Worksheet ws, int r, int c, String s) {
        ws.value(r, c, Escaping.cell(s));
    }

    private static void header(Worksheet ws, int r, List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            text(ws, r, c, names.get(c));
        }
        ws.range(r, 0, r, names.size() - 1).style().bold().fillColor("ECEFF1").set();
    }

    private static void number(Worksheet ws, int r, int c, double v) {
        if (Double.isNaN(v)) {
            ws.value(r, c, "—");
        } else {
            ws.value(r, c, Math.round(v * 10.0) / 10.0);
        }
    }

    private static void rate(Worksheet ws, int r, int c, double v) {
        if (Double.isNaN(v)) {
            ws.value(r, c, "—");
        } else {
            ws.value(r, c, Math.round(v * 10000.0) / 10000.0);
            ws.style(r, c).format("0.0%").set();
        }
    }

    private static void summary(Worksheet ws, ReportData d) throws IOException {
        text(ws, 0, 0, "等保哨兵 主机层测评估算 - " + d.scope() + "（生成于 " + d.times().text(d.generatedAt()) + "）");
        ws.style(0, 0).bold().set();
        text(ws, 1, 0, HtmlExporter.ESTIMATE_NOTE);
        int r = 3;
        header(ws, r++, HOST_HEADERS);
        for (HostReport h : d.hosts()) {
            HostScore s = h.score();
            text(ws, r, 0, h.host());
            text(ws, r, 1, h.group());
            number(ws, r, 2, s.score2021());
            text(ws, r, 3, s.band2021());
            rate(ws, r, 4, s.complianceRate());
            text(ws, r, 5, s.conclusion2025());
            ws.value(r, 6, s.highRiskOpen());
            ws.value(r, 7, s.mediumRiskOpen());
            ws.value(r, 8, s.majorHazards().size());
            text(ws, r, 9, String.join("、", s.unassessed()));
            if (++r % FLUSH_EVERY == 0) {
                ws.flush();
            }
        }
        r++;
        header(ws, r++, List.of("分组", "主机数", "平均估算得分", "等级", "达标主机", "平均符合率", "结论", "高风险(未整改)",
                "重大风险隐患"));
        for (GroupScore g : d.groups()) {
            text(ws, r, 0, g.group());
            ws.value(r, 1, g.hosts());
            number(ws, r, 2, g.meanScore2021());
            text(ws, r, 3, g.band2021());
            ws.value(r, 4, g.hostsPassing2021());
            rate(ws, r, 5, g.meanComplianceRate());
            text(ws, r, 6, g.conclusion2025());
            ws.value(r, 7, g.highRiskOpen());
            ws.value(r, 8, g.majorHazards());
            r++;
        }
        KpiReport k = d.kpi();
        if (k != null) {
            r++;
            header(ws, r++, List.of("整改指标", "未整改", "已整改", "已接受风险", "整改率(目标≥" + Formats.percent(k.targets().minFixRate()) + ")",
                    "整改用时中位数(天)", "最长整改用时(天)", "逾期(>" + k.targets().overdueDays() + "天)", "高风险未整改(目标0)"));
            r = kpiRow(ws, r, k.overall(), "全部");
            for (Kpi g : k.groups()) {
                r = kpiRow(ws, r, g, g.group());
            }
        }
        ws.width(0, 28);
        ws.width(9, 30);
        ws.finish();
    }

    private static int kpiRow(Worksheet ws, int r, Kpi k, String name) {
        text(ws, r, 0, name);
        ws.value(r, 1, k.open());
        ws.value(r, 2, k.fixed());
        ws.value(r, 3, k.accepted());
        rate(ws, r, 4, k.fixRate());
        number(ws, r, 5, k.medianDaysToFix());
        number(ws, r, 6, k.worstDaysToFix());
        ws.value(r, 7, k.overdue());
        ws.value(r, 8, k.highRiskOpen());
        return r + 1;
    }

    private static void records(Worksheet ws, ReportData d, boolean highOnly) throws IOException {
        header(ws, 0, FindingRow.HEADERS);
        ws.freezePane(0, 1);
        int r = 1;
        for (HostReport h : d.hosts()) {
            for (Finding f : h.evaluation().getFindingsList()) {
                boolean defect = f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL;
                if (highOnly && !(defect && f.getRisk() == Risk.HIGH)) {
                    continue;
                }
                List<String> cells = FindingRow.of(h, f, d.clauses(), d.times()).cells();
                for (int c = 0; c < cells.size(); c++) {
                    text(ws, r, c, cells.get(c));
                }
                if (++r % FLUSH_EVERY == 0) {
                    ws.flush();
                }
            }
        }
        ws.width(0, 20);
        ws.width(2, 30);
        ws.width(3, 30);
        ws.width(4, 60);
        ws.width(7, 50);
        ws.finish();
    }

    private static void hazards(Worksheet ws, ReportData d) throws IOException {
        header(ws, 0, HazardRecord.HEADERS);
        int r = 1;
        for (HostReport h : d.hosts()) {
            for (HazardRecord x : HazardRecord.of(h, d.times())) {
                List<String> cells = x.cells();
                for (int c = 0; c < cells.size(); c++) {
                    text(ws, r, c, cells.get(c));
                }
                r++;
            }
        }
        ws.width(2, 40);
        ws.width(5, 60);
        ws.finish();
    }

    private static void assets(Worksheet ws, ReportData d) throws IOException {
        header(ws, 0, ASSET_HEADERS);
        int r = 1;
        for (HostReport h : d.hosts()) {
            AssetRecord a = h.asset();
            text(ws, r, 0, h.host());
            if (a != null) {
                text(ws, r, 1, a.os());
                text(ws, r, 2, a.kernel());
                text(ws, r, 3, a.arch());
                text(ws, r, 4, String.join(", ", a.ipAddresses()));
                ws.value(r, 5, a.packageCount());
                text(ws, r, 6, a.openPortsText());
                text(ws, r, 7, String.join(", ", a.loginAccounts()));
                text(ws, r, 8, d.times().text(a.collectedAt()));
            } else {
                text(ws, r, 1, "未采集");
            }
            if (++r % FLUSH_EVERY == 0) {
                ws.flush();
            }
        }
        ws.finish();
    }
}
