package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.FixItem;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained, printable zh-CN HTML file: inline CSS, charts as inline SVG, no script and nothing fetched.
 * A Content-Security-Policy meta tag forbids scripts and remote loads as a second line of defence; the first is
 * that every piece of text goes through {@link Escaping#html}.
 */
public final class HtmlExporter implements Exporter {
    static final String ESTIMATE_NOTE = "本报告为主机层（8.1.4 安全计算环境，服务器操作系统）自动核查的估算结果，不等同于等级测评结论；"
            + "评分公式与结论阈值为未经确认的参数（见 scoring/2021.yaml、scoring/2025.yaml）。"
            + "需人工核查及采集错误的测评项单独列出，不计入得分。";

    private static final Status[] CHART_STATUSES = {Status.PASS, Status.PARTIAL, Status.FAIL, Status.NOT_APPLICABLE,
            Status.MANUAL, Status.ERROR};
    private static final Map<Status, String> COLORS = new EnumMap<>(Map.of(
            Status.PASS, "#2e7d32", Status.PARTIAL, "#f9a825", Status.FAIL, "#c62828",
            Status.NOT_APPLICABLE, "#9e9e9e", Status.MANUAL, "#1565c0", Status.ERROR, "#6a1b9a"));
    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#212121;font-size:13px}
            h1{font-size:22px}h2{font-size:17px;border-bottom:2px solid #37474f;padding-bottom:4px;margin-top:28px}
            h3{font-size:14px}table{border-collapse:collapse;width:100%;margin:8px 0}
            th,td{border:1px solid #b0bec5;padding:4px 6px;vertical-align:top;text-align:left}
            th{background:#eceff1}td.ev,td.rem{white-space:pre-wrap;word-break:break-all;max-width:420px}
            .note{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px}
            .bad{color:#c62828;font-weight:bold}.ok{color:#2e7d32;font-weight:bold}
            .legend span{display:inline-block;margin-right:12px}.sw{display:inline-block;width:10px;height:10px;margin-right:3px}
            @media print{body{margin:0;font-size:10px}section.host{page-break-before:always}a{color:inherit;text-decoration:none}
            table{page-break-inside:auto}tr{page-break-inside:avoid}thead{display:table-header-group}}
            """;

    @Override
    public void write(ReportData d, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        w.write("<title>等保哨兵 主机层测评估算报告 - ");
        w.write(e(d.scope()));
        w.write("</title><style>");
        w.write(CSS);
        w.write("</style></head><body>\n");
        w.write("<h1>等保哨兵 主机层测评估算报告</h1>\n<p>范围：" + e(d.scope()) + "　生成时间：" + e(d.times().text(d.generatedAt()))
                + "　采集器：" + e(d.collectorId()) + "　版本：" + e(d.toolVersion()) + "</p>\n");
        w.write("<p class=\"note\">" + e(ESTIMATE_NOTE) + "</p>\n");
        groups(w, d.groups());
        kpi(w, d.kpi(), d.times());
        riskChart(w, d);
        hostTable(w, d);
        int i = 0;
        for (HostReport h : d.hosts()) {
            hostSection(w, h, d, i++);
        }
        w.write("</body></html>\n");
        w.flush();
    }

    private static String e(String s) {
        return Escaping.html(s);
    }

    private static void groups(Writer w, List<GroupScore> groups) throws IOException {
        w.write("<section><h2>一、得分与结论（分组，主机平均）</h2>\n<table><thead><tr><th>分组</th><th>主机数</th>"
                + "<th>2021模板估算得分</th><th>等级</th><th>达标主机(中及以上)</th><th>2025模板符合率</th><th>结论</th>"
                + "<th>高风险(未整改)</th><th>中风险(未整改)</th><th>重大风险隐患</th><th>未评估项</th></tr></thead><tbody>\n");
        for (GroupScore g : groups) {
            w.write("<tr><td>" + e(g.group()) + "</td><td>" + g.hosts() + "</td><td>" + Formats.num(g.meanScore2021())
                    + "</td><td class=\"" + (g.passing2021() ? "ok" : "bad") + "\">" + e(g.band2021()) + "</td><td>"
                    + g.hostsPassing2021() + "</td><td>" + Formats.percent(g.meanComplianceRate()) + "</td><td>"
                    + e(g.conclusion2025()) + "</td><td" + (g.highRiskOpen() > 0 ? " class=\"bad\"" : "") + ">"
                    + g.highRiskOpen() + "</td><td>" + g.mediumRiskOpen() + "</td><td>" + g.majorHazards() + "</td><td>"
                    + g.unassessedItems() + "</td></tr>\n");
        }
        w.write("</tbody></table></section>\n");
    }

    private static void kpi(Writer w, KpiReport k, Times times) throws IOException {
        if (k == null) {
            return;
        }
        w.write("<section><h2>二、整改指标</h2>\n<p>统计截至 " + e(times.text(k.asOf()))
                + (k.since() == null ? "（全部历史）" : "，自 " + e(times.text(k.since())) + " 起")
                + "；目标：整改率 ≥ " + Formats.percent(k.targets().minFixRate()) + "，高风险未整改 = "
                + k.targets().maxHighRiskOpen() + "，超过 " + k.targets().overdueDays() + " 天未整改为逾期。</p>\n");
        w.write("<table><thead><tr><th>分组</th><th>未整改</th><th>已整改</th><th>已接受风险</th><th>整改率</th>"
                + "<th>整改用时中位数(天)</th><th>最长整改用时(天)</th><th>逾期</th><th>高风险未整改</th></tr></thead><tbody>\n");
        kpiRow(w, k.overall(), "全部");
        for (Kpi g : k.groups()) {
            kpiRow(w, g, g.group());
        }
        w.write("</tbody></table></section>\n");
    }

    private static void kpiRow(Writer w, Kpi k, String name) throws IOException {
        w.write("<tr><td>" + e(name) + "</td><td>" + k.open() + "</td><td>" + k.fixed() + "</td><td>" + k.accepted()
                + "</td><td class=\"" + (k.fixRateMet() ? "ok" : "bad") + "\">" + Formats.percent(k.fixRate())
                + "</td><td>" + Formats.num(k.medianDaysToFix()) + "</td><td>" + Formats.num(k.worstDaysToFix())
                + "</td><td>" + k.overdue() + "</td><td class=\"" + (k.highRiskMet() ? "ok" : "bad") + "\">"
                + k.highRiskOpen() + "</td></tr>\n");
    }

    /** Bar chart of open defects by risk level over all hosts in scope. */
    private static void riskChart(Writer w, ReportData d) throws IOException {
        Risk[] levels = {Risk.HIGH, Risk.MEDIUM, Risk.LOW};
        String[] colors = {"#c62828", "#ef6c00", "#fbc02d"};
        int[] counts = new int[3];
        for (HostReport h : d.hosts()) {
            for (Finding f : h.evaluation().getFindingsList()) {
                if (f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL) {
                    for (int i = 0; i < levels.length; i++) {
                        if (f.getRisk() == levels[i]) {
                            counts[i]++;
                        }
                    }
                }
            }
        }
        int max = Math.max(1, Math.max(counts[0], Math.max(counts[1], counts[2])));
        w.write("<section><h2>三、风险分布（不符合/部分符合项）</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"110\" role=\"img\" aria-label=\"风险分布\">");
        for (int i = 0; i < 3; i++) {
            int y = 8 + i * 32;
            int width = (int) Math.round(360.0 * counts[i] / max);
            w.write("<text x=\"0\" y=\"" + (y + 17) + "\" font-size=\"13\">" + Labels.risk(levels[i]) + "风险</text>");
            w.write("<rect x=\"52\" y=\"" + y + "\" width=\"" + width + "\" height=\"24\" fill=\"" + colors[i] + "\"/>");
            w.write("<text x=\"" + (58 + width) + "\" y=\"" + (y + 17) + "\" font-size=\"13\">" + counts[i] + "</text>");
        }
        w.write("</svg></section>\n");
    }

    private static void hostTable(Writer w, ReportData d) throws IOException {
        w.write("<section><h2>四、主机一览与符合情况分布</h2>\n<p class=\"legend\">");
        for (Status s : CHART_STATUSES) {
            w.write("<span><i class=\"sw\" style=\"background:" + COLORS.get(s) + "\"></i>" + Labels.status(s) + "</span>");
        }
        w.write("</p>\n<table><thead><tr><th>主机</th><th>分组</th><th>估算得分</th><th>等级</th><th>符合率</th><th>结论</th>"
                + "<th>高风险</th><th>重大风险隐患</th><th>符合情况分布</th></tr></thead><tbody>\n");
        int i = 0;
        for (HostReport h : d.hosts()) {
            HostScore s = h.score();
            w.write("<tr><td><a href=\"#host-" + i + "\">" + e(h.host()) + "</a></td><td>" + e(h.group()) + "</td><td>"
                    + Formats.num(s.score2021()) + "</td><td class=\"" + (s.passing2021() ? "ok" : "bad") + "\">"
                    + e(s.band2021()) + "</td><td>" + Formats.percent(s.complianceRate()) + "</td><td>"
                    + e(s.conclusion2025()) + "</td><td>" + s.highRiskOpen() + "</td><td>" + s.majorHazards().size()
                    + "</td><td>");
            statusBar(w, h);
            w.write("</td></tr>\n");
            i++;
        }
        w.write("</tbody></table></section>\n");
    }

    /** Stacked bar of rule results per status for one host. */
    private static void statusBar(Writer w, HostReport h) throws IOException {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Finding f : h.evaluation().getFindingsList()) {
            counts.merge(f.getStatus(), 1, Integer::sum);
        }
        int total = h.evaluation().getFindingsCount();
        w.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"14\">");
        double x = 0;
        StringBuilder title = new StringBuilder();
        for (Status s : CHART_STATUSES) {
            int n = counts.getOrDefault(s, 0);
            if (n == 0 || total == 0) {
                continue;
            }
            double width = 240.0 * n / total;
            w.write(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>",
                    x, width, COLORS.get(s)));
            x += width;
            title.append(Labels.status(s)).append(' ').append(n).append(' ');
        }
        w.write("<title>" + e(title.toString().trim()) + "</title></svg>");
    }

    private static void hostSection(Writer w, HostReport h, ReportData d, int index) throws IOException {
        HostScore s = h.score();
        w.write("<section class=\"host\" id=\"host-" + index + "\"><h2>测评对象：" + e(h.host()) + "</h2>\n");
        w.write("<p>分组：" + e(h.group()) + "　扫描：" + e(h.scanId()) + "　评估时间："
                + e(d.times().text(java.time.Instant.ofEpochMilli(h.evaluation().getEvaluatedAtEpochMs())))
                + "　基线：" + e(h.evaluation().getProfile()) + "</p>\n");
        w.write("<p>2021模板估算得分 <b>" + Formats.num(s.score2021()) + "</b>（" + e(s.band2021()) + "）；2025模板符合率 <b>"
                + Formats.percent(s.complianceRate()) + "</b>，结论：" + e(s.conclusion2025()) + "；计分项 " + s.scored()
                + "（符合 " + s.passed() + "，部分符合 " + s.partial() + "，不符合 " + s.failed() + "），不适用 " + s.notApplicable()
                + "，未评估（需人工核查/采集错误，不计分）" + s.unassessed().size()
                + (s.unassessed().isEmpty() ? "" : "：" + e(String.join("、", s.unassessed()))) + "</p>\n");
        AssetRecord a = h.asset();
        if (a != null) {
            w.write("<h3>基本配置信息</h3><table><tbody><tr><th>操作系统</th><td>" + e(a.os()) + "</td><th>内核</th><td>"
                    + e(a.kernel()) + "</td><th>软件包数</th><td>" + a.packageCount() + "</td></tr><tr><th>IP地址</th><td>"
                    + e(String.join(", ", a.ipAddresses())) + "</td><th>开放端口</th><td colspan=\"3\">" + e(a.openPortsText())
                    + "</td></tr><tr><th>可登录账户</th><td colspan=\"5\">" + e(String.join(", ", a.loginAccounts()))
                    + "</td></tr></tbody></table>\n");
        }
        if (!s.fixFirst().isEmpty()) {
            w.write("<h3>优先整改（高风险优先，按整改后可提升的分数排序）</h3><table><thead><tr><th>序号</th><th>条款</th>"
                    + "<th>检查项</th><th>风险</th><th>重大风险隐患</th><th>可提升得分</th><th>可提升符合率(百分点)</th></tr></thead><tbody>\n");
            int n = 0;
            for (FixItem f : s.fixFirst()) {
                if (++n > 10) {
                    break;
                }
                w.write("<tr><td>" + n + "</td><td>" + e(f.clause()) + "</td><td>" + e(f.title()) + "</td><td>"
                        + Labels.risk(f.risk()) + "</td><td>" + (f.majorHazard() ? "是" : "") + "</td><td>"
                        + Formats.num(f.scoreGain()) + "</td><td>" + Formats.num(f.rateGainPoints()) + "</td></tr>\n");
            }
            w.write("</tbody></table>\n");
        }
        List<HazardRecord> hazards = HazardRecord.of(h, d.times());
        if (!hazards.isEmpty()) {
            w.write("<h3>重大风险隐患整改记录</h3><table><thead><tr>");
            for (String hd : HazardRecord.HEADERS.subList(1, HazardRecord.HEADERS.size())) {
                w.write("<th>" + e(hd) + "</th>");
            }
            w.write("</tr></thead><tbody>\n");
            for (HazardRecord x : hazards) {
                w.write("<tr><td>" + e(x.clause()) + "</td><td>" + e(x.title()) + "</td><td>" + e(x.firstSeen())
                        + "</td><td>" + e(x.rectification()) + "</td><td class=\"ev\">" + e(x.verification()) + "</td></tr>\n");
            }
            w.write("</tbody></table>\n");
        }
        w.write("<h3>测评记录</h3><table><thead><tr>");
        for (String hd : FindingRow.HEADERS.subList(1, FindingRow.HEADERS.size())) {
            w.write("<th>" + e(hd) + "</th>");
        }
        w.write("</tr></thead><tbody>\n");
        for (Finding f : h.evaluation().getFindingsList()) {
            FindingRow r = FindingRow.of(h, f, d.clauses(), d.times());
            w.write("<tr><td>" + e(r.control()) + "</td><td>" + e(r.clauseText()) + "</td><td>" + e(r.checkItem())
                    + "</td><td class=\"ev\">" + e(r.evidence()) + "</td><td>" + e(r.statusLabel()) + "</td><td"
                    + (r.risk() == Risk.HIGH && !r.riskLabel().isEmpty() ? " class=\"bad\"" : "") + ">" + e(r.riskLabel())
                    + (r.majorHazard() ? "（重大风险隐患）" : "") + "</td><td class=\"rem\">" + e(r.remediation()) + "</td><td>"
                    + e(r.firstSeen()) + "</td><td>" + e(r.rectification()) + "</td></tr>\n");
        }
        w.write("</tbody></table></section>\n");
    }
}
