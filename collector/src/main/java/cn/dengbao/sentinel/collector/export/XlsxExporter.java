package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.proto.Risk;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * XLSX in the assessors' layout: 汇总 (hosts, scores, conclusions, KPI, the counting rule, the open high risks),
 * 测评记录 (the assessor's record: one row per 测评指标, its rules as outline-level detail rows, collapsed; its
 * autofilter on 风险等级 lists the high risks), 整改记录 (rectification record per finding), 重大风险隐患整改 (2025
 * Appendix H style); the basic configuration record (资产) is the last block of 汇总 — five sheets, so a one-host
 * workbook prints on a few pages. Every table sheet prints A4 landscape one page wide with its header repeated ({@link XlsxLayout}).
 * Streamed with fastexcel, flushing at host boundaries so thousands of hosts do not sit in memory. All text cells
 * pass through {@link Escaping#cell}.
 */
public final class XlsxExporter implements Exporter {
    public static final String SHEET_SUMMARY = "汇总";
    public static final String SHEET_RECORDS = "测评记录";
    /** The open high risks: a block of the 汇总 sheet (what a head of department needs first), not a sheet. */
    public static final String HIGH_BLOCK = "高风险问题（未整改，按计数口径）";
    public static final String SHEET_RECTIFICATION = "整改记录";
    /** The basic configuration record: the last block of 汇总 (one sheet fewer to print), not a sheet. */
    public static final String ASSET_BLOCK = "资产（基本配置信息）";
    public static final String SHEET_HAZARDS = "重大风险隐患整改";
    public static final List<String> HOST_HEADERS = List.of("测评对象", "分组", "估算得分(2021)", "等级", "符合率(2025)",
            "结论", "高风险(未整改)", "中风险(未整改)", "重大风险隐患", "未评估项(不计分)");
    public static final List<String> ASSET_HEADERS = List.of("测评对象", "操作系统", "内核", "架构", "IP地址", "软件包数",
            "开放端口", "可登录账户", "采集时间");
    private static final double[] SUMMARY_WIDTHS = {20, 11, 16, 9, 11, 11, 10, 10, 10, 36};
    private static final double[] HAZARD_WIDTHS = {16, 12, 40, 18, 24, 60};
    private static final double[] RECT_WIDTHS = {11, 9, 14, 24, 6, 7, 14, 10, 7, 14, 7, 5, 30, 30, 16, 26};
    private static final int FLUSH_EVERY = 2000;

    @Override
    public void write(ReportData d, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "DengbaoSentinel", "1.0");
        wb.setGlobalDefaultFont("等线", 11);
        summary(wb.newWorksheet(SHEET_SUMMARY), d);
        XlsxRecordSheet.write(wb.newWorksheet(SHEET_RECORDS), d);
        rectification(wb.newWorksheet(SHEET_RECTIFICATION), d);
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
        ws.range(r, 0, r, names.size() - 1).style().bold().fillColor("DDE3EA").wrapText(true)
                .verticalAlignment("center").borderStyle("thin").set();
        ws.rowHeight(r, XlsxLayout.height(names, SUMMARY_WIDTHS, 1));
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

    /** One page for a head of department: what was assessed, the two estimates, the KPIs, how things are counted. */
    private static void summary(Worksheet ws, ReportData d) throws IOException {
        XlsxLayout.print(ws);
        for (int c = 0; c < SUMMARY_WIDTHS.length; c++) {
            ws.width(c, SUMMARY_WIDTHS[c]);
        }
        text(ws, 0, 0, "等保哨兵 主机层测评估算 - " + d.scope() + "（生成于 " + d.times().text(d.generatedAt()) + "）");
        ws.style(0, 0).bold().fontSize(14).set();
        ws.range(1, 0, 1, SUMMARY_WIDTHS.length - 1).merge();
        text(ws, 1, 0, HtmlExporter.ESTIMATE_NOTE);
        ws.range(1, 0, 1, SUMMARY_WIDTHS.length - 1).style().wrapText(true).verticalAlignment("top").set();
        ws.rowHeight(1, XlsxLayout.height(List.of(HtmlExporter.ESTIMATE_NOTE), new double[]{sum(SUMMARY_WIDTHS)}, 2));
        ws.range(2, 0, 2, SUMMARY_WIDTHS.length - 1).merge();
        text(ws, 2, 0, COUNTING_NOTE);
        ws.range(2, 0, 2, SUMMARY_WIDTHS.length - 1).style().wrapText(true).verticalAlignment("top").set();
        ws.rowHeight(2, XlsxLayout.height(List.of(COUNTING_NOTE), new double[]{sum(SUMMARY_WIDTHS)}, 2));
        int r = 4;
        int hostHeader = r;
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
        ws.setAutoFilter(hostHeader, 0, Math.max(hostHeader, r - 1), HOST_HEADERS.size() - 1);
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
            header(ws, r++, List.of("整改指标", "未整改", "已整改", "已接受风险", "整改率(全部已整改)",
                    "整改用时中位数(天)", "最长整改用时(天)", "逾期(>" + k.targets().overdueDays() + "天)", "高风险未整改(目标0)",
                    k.targets().overdueDays() + "天内整改率(目标≥" + Formats.percent(k.targets().minFixRate()) + ")"));
            r = kpiRow(ws, r, k.overall(), "全部");
            for (Kpi g : k.groups()) {
                r = kpiRow(ws, r, g, g.group());
            }
        }
        r = high(ws, r + 1, d);
        assets(ws, r + 1, d);
        ws.finish();
    }

    /** The counting rule, stated once in the workbook (the code's statement is CountingRule). */
    static final String COUNTING_NOTE = "计数口径：处置决定有效的问题按处置计——判定不适用的规则按“不适用”计（不计分、不计风险）；"
            + "已接受风险的规则仍按原结论计入测评指标（接受风险不等于整改），但不计入未整改的高/中风险与重大风险隐患，"
            + "单列为“已接受风险”。已撤销的处置不再生效。测评指标（34 项）的符合情况即 2021 版得分与 2025 版符合率的计算依据。";

    private static double sum(double[] w) {
        double s = 0;
        for (double x : w) {
            s += x;
        }
        return s;
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
        rate(ws, r, 9, k.inTimeRate());
        return r + 1;
    }

    /** Open high-risk rules (by the counting rule: an accepted risk is not open), one row each. */
    static final List<String> HIGH_HEADERS = List.of("测评对象", "测评指标", "规则", "风险等级", "重大风险隐患", "首次发现",
            "整改状态", "", "", "问题（整改建议见测评记录）");

    private static int high(Worksheet ws, int r, ReportData d) throws IOException {
        text(ws, r, 0, HIGH_BLOCK);
        ws.style(r, 0).bold().set();
        r++;
        header(ws, r++, HIGH_HEADERS);
        int count = 0;
        for (HostReport h : d.hosts()) {
            for (ItemRow item : h.record().items()) {
                for (RuleRow rule : item.rules()) {
                    if (rule.openRisk() && rule.finding().risk() == Risk.HIGH) {
                        FindingRow f = rule.finding();
                        // the day only, and the problem without its remediation: one short line per risk
                        String day = f.firstSeen().length() > 10 ? f.firstSeen().substring(0, 10) : f.firstSeen();
                        XlsxLayout.row(ws, r++, List.of(h.host(), f.clause(), f.ruleId(), f.riskLabel(),
                                f.majorHazard() ? "是" : "否", day, f.rectification(), "", "", f.checkItem()),
                                SUMMARY_WIDTHS);
                        count++;
                    }
                }
            }
            if (r % FLUSH_EVERY == 0) {
                ws.flush();
            }
        }
        if (count == 0) {
            text(ws, r++, 0, "无");
        }
        return r;
    }

    private static void rectification(Worksheet ws, ReportData d) throws IOException {
        XlsxLayout.table(ws, 0, RectificationRow.HEADERS, RECT_WIDTHS);
        int r = 1;
        for (HostReport h : d.hosts()) {
            for (RectificationRow x : h.record().rectification()) {
                XlsxLayout.row(ws, r++, x.cells(d.times()), RECT_WIDTHS);
            }
            ws.flush();
        }
        XlsxLayout.filter(ws, 0, r - 1, RectificationRow.HEADERS.size());
        ws.finish();
    }

    private static void hazards(Worksheet ws, ReportData d) throws IOException {
        XlsxLayout.table(ws, 0, HazardRecord.HEADERS, HAZARD_WIDTHS);
        int r = 1;
        for (HostReport h : d.hosts()) {
            for (HazardRecord x : HazardRecord.of(h, d.times())) {
                XlsxLayout.row(ws, r++, x.cells(), HAZARD_WIDTHS);
            }
        }
        XlsxLayout.filter(ws, 0, r - 1, HazardRecord.HEADERS.size());
        ws.finish();
    }

    private static void assets(Worksheet ws, int r, ReportData d) throws IOException {
        text(ws, r, 0, ASSET_BLOCK);
        ws.style(r, 0).bold().set();
        r++;
        header(ws, r++, ASSET_HEADERS);
        for (HostReport h : d.hosts()) {
            AssetRecord a = h.asset();
            List<String> cells = a == null ? List.of(h.host(), "未采集", "", "", "", "", "", "", "")
                    : List.of(h.host(), a.os(), a.kernel(), a.arch(), String.join(", ", a.ipAddresses()), "",
                    a.openPortsText(), String.join(", ", a.loginAccounts()), d.times().text(a.collectedAt()));
            XlsxLayout.row(ws, r, cells, SUMMARY_WIDTHS);
            if (a != null) {
                ws.value(r, 5, a.packageCount());
            }
            if (++r % FLUSH_EVERY == 0) {
                ws.flush();
            }
        }
    }
}
