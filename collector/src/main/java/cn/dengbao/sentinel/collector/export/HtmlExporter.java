package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.score.ClauseInfo;
import cn.dengbao.sentinel.collector.score.FixItem;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.score.ItemResult;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained, printable zh-CN HTML file: a one-screen overview, a table of contents, a 测评指标 × host
 * matrix, then one collapsible section per host (one A4 page break each when printed). Styles, the CJK font subset
 * and the small filter script are inline ({@link HtmlAssets}); the Content-Security-Policy lets only that script
 * (by hash) run and nothing load. Every piece of text goes through {@link Escaping#html}.
 */
public final class HtmlExporter implements Exporter {
    static final String ESTIMATE_NOTE = "本报告为主机层（8.1.4 安全计算环境，服务器操作系统）自动核查的估算结果，不等同于等级测评结论；"
            + "评分公式与结论阈值为未经确认的参数（见 scoring/2021.yaml、scoring/2025.yaml）。"
            + "需人工核查及采集错误的测评项单独列出，不计入得分。";
    /** The one counting rule of every chart and table in the file, stated once at the top. */
    static final String COUNTING_RULE = "计数口径：高/中风险、已接受风险与风险分布均按规则计，处置有效的决定按其处置计"
            + "（已判定不适用的不计入任何风险，已接受风险的单列，不算未整改），与得分表相同；符合情况分布按测评指标计"
            + "（每台主机 34 项），与得分行相同。";
    /** Above this many hosts the matrix shows groups (hosts not compliant per item) instead of one column per host. */
    static final int MATRIX_MAX_HOSTS = 30;
    /** Above this many hosts the host sections start collapsed (printing opens them). */
    static final int OPEN_MAX_HOSTS = 20;

    static final Status[] CHART_STATUSES = {Status.PASS, Status.PARTIAL, Status.FAIL, Status.NOT_APPLICABLE,
            Status.MANUAL, Status.ERROR};
    private static final Map<Status, String> COLORS = new EnumMap<>(Map.of(
            Status.PASS, "#2e7d32", Status.PARTIAL, "#f9a825", Status.FAIL, "#c62828",
            Status.NOT_APPLICABLE, "#9e9e9e", Status.MANUAL, "#1565c0", Status.ERROR, "#6a1b9a"));
    /** One character per item status in the matrix (the full label is the cell's title and in the legend). */
    private static final Map<Status, String> SHORT = new EnumMap<>(Map.of(
            Status.PASS, "符", Status.PARTIAL, "部", Status.FAIL, "不", Status.NOT_APPLICABLE, "—",
            Status.MANUAL, "查", Status.ERROR, "误"));
    private static final Risk[] FILTER_RISKS = {Risk.HIGH, Risk.MEDIUM, Risk.LOW, Risk.NONE};

    @Override
    public void write(ReportData d, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        HtmlAssets a = HtmlAssets.get();
        w.write("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + a.csp + "\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>等保哨兵 主机层测评估算报告 - " + e(d.scope()) + "</title>\n<style>");
        w.write(a.fontFace);
        w.write(a.css);
        w.write("</style></head><body>\n");
        w.write("<header><h1>等保哨兵 主机层测评估算报告</h1>\n<p>范围：" + e(d.scope()) + "　生成时间："
                + e(d.times().text(d.generatedAt())) + "　采集器：" + e(d.collectorId()) + "　版本："
                + e(d.toolVersion()) + "　主机数：" + d.hosts().size() + "</p>\n");
        w.write("<p class=\"note\">" + e(ESTIMATE_NOTE) + "<br>" + e(COUNTING_RULE) + "</p></header>\n");
        overview(w, d);
        toc(w, d);
        matrix(w, d);
        groups(w, d.groups());
        kpi(w, d.kpi(), d.times());
        hostTable(w, d);
        filters(w);
        int i = 0;
        for (HostReport h : d.hosts()) {
            hostSection(w, h, d, i++);
        }
        w.write("<script>");
        w.write(a.script);
        w.write("</script>\n</body></html>\n");
        w.flush();
    }

    private static String e(String s) {
        return Escaping.html(s);
    }

    private static void toc(Writer w, ReportData d) throws IOException {
        w.write("<nav class=\"toc\" id=\"toc\"><h2>目录</h2><ol><li><a href=\"#overview\">总览</a></li>"
                + "<li><a href=\"#matrix\">测评指标 × 主机</a></li><li><a href=\"#groups\">得分与结论（分组）</a></li>"
                + (d.kpi() == null ? "" : "<li><a href=\"#kpi\">整改指标</a></li>")
                + "<li><a href=\"#hosts\">主机一览</a></li>");
        int i = 0;
        for (HostReport h : d.hosts()) {
            if (i == OPEN_MAX_HOSTS * 5) {
                w.write("<li class=\"muted\">其余 " + (d.hosts().size() - i) + " 台见主机一览</li>");
                break;
            }
            w.write("<li><a href=\"#host-" + i + "\">测评对象：" + e(h.host()) + "</a></li>");
            i++;
        }
        w.write("</ol></nav>\n");
    }

    /** The one screen a head of department reads: per group the two templates' verdicts, risks, then the KPI targets. */
    private static void overview(Writer w, ReportData d) throws IOException {
        w.write("<section id=\"overview\"><h2>总览</h2>\n");
        for (GroupScore g : d.groups()) {
            w.write("<div class=\"cards\">");
            card(w, "分组 " + (g.group().isEmpty() ? "（未分组）" : g.group()), g.hosts() + " 台", "");
            card(w, "2021模板估算得分（" + g.band2021() + "）", Formats.num(g.meanScore2021()), g.passing2021() ? "good" : "alert");
            card(w, "2025模板符合率（" + g.conclusion2025() + "）", Formats.percent(g.meanComplianceRate()), "");
            card(w, "高风险（未整改）", String.valueOf(g.highRiskOpen()), g.highRiskOpen() > 0 ? "alert" : "good");
            card(w, "重大风险隐患", String.valueOf(g.majorHazards()), g.majorHazards() > 0 ? "alert" : "good");
            card(w, "中风险（未整改）", String.valueOf(g.mediumRiskOpen()), "");
            w.write("</div>\n");
        }
        KpiReport k = d.kpi();
        if (k != null) {
            Kpi o = k.overall();
            w.write("<div class=\"cards\">");
            card(w, k.targets().overdueDays() + " 天内整改率（目标 ≥ " + Formats.percent(k.targets().minFixRate()) + "）",
                    Formats.percent(o.inTimeRate()), o.inTimeRateMet() ? "good" : "alert");
            card(w, "整改率（全部已整改）", Formats.percent(o.fixRate()), "");
            card(w, "高风险未整改（目标 ≤ " + k.targets().maxHighRiskOpen() + "）", String.valueOf(o.highRiskOpen()),
                    o.highRiskMet() ? "good" : "alert");
            card(w, "逾期（超过 " + k.targets().overdueDays() + " 天未整改）", String.valueOf(o.overdue()),
                    o.overdue() > 0 ? "alert" : "good");
            card(w, "已整改 / 未整改 / 已接受风险", o.fixed() + " / " + o.open() + " / " + o.accepted(), "");
            w.write("</div>\n");
        }
        w.write("<div class=\"row\">");
        riskChart(w, d);
        itemChart(w, d);
        w.write("</div></section>\n");
    }

    private static void card(Writer w, String label, String value, String cls) throws IOException {
        w.write("<div class=\"card" + (cls.isEmpty() ? "" : " " + cls) + "\"><b>" + e(value) + "</b><span>" + e(label)
                + "</span></div>");
    }

    /** Open high/medium and accepted risks over all hosts: the sums of the host table's own columns (record counts). */
    private static void riskChart(Writer w, ReportData d) throws IOException {
        int[] counts = new int[3];
        for (HostReport h : d.hosts()) {
            AssessorRecord.Counts c = h.record().counts();
            counts[0] += c.highRiskOpen();
            counts[1] += c.mediumRiskOpen();
            counts[2] += c.acceptedRisks();
        }
        String[] names = {"高风险", "中风险", "已接受"};
        String[] colors = {"#c62828", "#ef6c00", "#90a4ae"};
        int max = Math.max(1, Math.max(counts[0], Math.max(counts[1], counts[2])));
        w.write("<figure><figcaption>风险分布（按规则计，见计数口径）</figcaption>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"420\" height=\"108\" role=\"img\" aria-label=\"风险分布\">");
        for (int i = 0; i < counts.length; i++) {
            int y = 6 + i * 34;
            int width = (int) Math.round(300.0 * counts[i] / max);
            w.write("<text x=\"0\" y=\"" + (y + 17) + "\" font-size=\"13\">" + names[i] + "</text>");
            w.write("<rect x=\"56\" y=\"" + y + "\" width=\"" + width + "\" height=\"24\" fill=\"" + colors[i] + "\"/>");
            w.write("<text class=\"count\" x=\"" + (62 + width) + "\" y=\"" + (y + 17) + "\" font-size=\"13\">" + counts[i]
                    + "</text>");
        }
        w.write("</svg></figure>");
    }

    /** Items per status over all hosts, counted like the hosts' score lines (34 items a host). */
    private static void itemChart(Writer w, ReportData d) throws IOException {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (HostReport h : d.hosts()) {
            itemCounts(h.record(), counts);
        }
        w.write("<figure><figcaption>符合情况分布（测评指标，全部主机）</figcaption>");
        statusBar(w, counts, 360, 20);
        w.write("<p class=\"legend\">");
        for (Status s : CHART_STATUSES) {
            w.write("<span><i class=\"sw\" style=\"background:" + COLORS.get(s) + "\"></i>" + Labels.status(s) + " "
                    + counts.getOrDefault(s, 0) + "</span>");
        }
        w.write("</p></figure>");
    }

    static void itemCounts(AssessorRecord r, Map<Status, Integer> counts) {
        for (ItemRow i : r.items()) {
            counts.merge(i.status(), 1, Integer::sum);
        }
    }

    /** A stacked bar of status counts; its title lists them, so the figure reads without colour. */
    private static void statusBar(Writer w, Map<Status, Integer> counts, int width, int height) throws IOException {
        int total = 0;
        for (Status s : CHART_STATUSES) {
            total += counts.getOrDefault(s, 0);
        }
        w.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\">");
        double x = 0;
        StringBuilder title = new StringBuilder();
        for (Status s : CHART_STATUSES) {
            int n = counts.getOrDefault(s, 0);
            if (n == 0) {
                continue;
            }
            double part = (double) width * n / total;
            w.write(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    x, part, height, COLORS.get(s)));
            x += part;
            title.append(Labels.status(s)).append(' ').append(n).append(' ');
        }
        w.write("<title>" + e(title.toString().trim()) + "</title></svg>");
    }

    /** 测评指标 × host (or × group when there are many hosts): where a fleet fails the same item. */
    private static void matrix(Writer w, ReportData d) throws IOException {
        List<ItemRow> items = d.hosts().isEmpty() ? List.of() : d.hosts().get(0).record().items();
        boolean perHost = d.hosts().size() <= MATRIX_MAX_HOSTS;
        w.write("<section id=\"matrix\"><h2>测评指标 × " + (perHost ? "主机" : "分组") + "</h2>\n<p class=\"legend\">");
        if (perHost) {
            for (Status s : CHART_STATUSES) {
                w.write("<span><i class=\"sw st-" + s.name() + "\"></i>" + SHORT.get(s) + " = " + Labels.status(s) + "</span>");
            }
        } else {
            w.write("<span>数字：该分组中此项不符合或部分符合的主机数</span>");
        }
        w.write("</p><table class=\"matrix\"><thead><tr><th class=\"c\">安全控制点</th><th class=\"c\">测评指标</th>");
        List<Map<String, Status>> byHost = new java.util.ArrayList<>();
        Map<String, List<Map<String, Status>>> byGroup = new LinkedHashMap<>();
        int i = 0;
        for (HostReport h : d.hosts()) {
            Map<String, Status> m = new HashMap<>();
            for (ItemRow r : h.record().items()) {
                m.put(r.clause(), r.status());
            }
            byHost.add(m);
            byGroup.computeIfAbsent(h.group(), g -> new java.util.ArrayList<>()).add(m);
            if (perHost) {
                w.write("<th class=\"v\"><a href=\"#host-" + i + "\">" + e(h.host()) + "</a></th>");
            }
            i++;
        }
        if (!perHost) {
            for (Map.Entry<String, List<Map<String, Status>>> g : byGroup.entrySet()) {
                w.write("<th>" + e(g.getKey().isEmpty() ? "（未分组）" : g.getKey()) + "（" + g.getValue().size() + " 台）</th>");
            }
        }
        w.write("</tr></thead><tbody>\n");
        for (ItemRow c : items) {
            w.write("<tr><td class=\"c\">" + e(c.control()) + "</td><td class=\"c\" title=\"" + e(c.indicator()) + "\">"
                    + e(c.clause()) + "</td>");
            if (perHost) {
                for (Map<String, Status> m : byHost) {
                    Status s = m.get(c.clause());
                    w.write(s == null ? "<td></td>" : "<td class=\"st-" + s.name() + "\" title=\"" + Labels.status(s)
                            + "\">" + SHORT.get(s) + "</td>");
                }
            } else {
                for (List<Map<String, Status>> g : byGroup.values()) {
                    int bad = 0;
                    for (Map<String, Status> m : g) {
                        Status s = m.get(c.clause());
                        if (s == Status.FAIL || s == Status.PARTIAL) {
                            bad++;
                        }
                    }
                    w.write("<td class=\"st-" + (bad > 0 ? "FAIL" : "PASS") + "\">" + bad + "</td>");
                }
            }
            w.write("</tr>\n");
        }
        w.write("</tbody></table></section>\n");
    }

    private static void groups(Writer w, List<GroupScore> groups) throws IOException {
        w.write("<section id=\"groups\"><h2>得分与结论（分组，主机平均）</h2>\n<table><thead><tr><th>分组</th><th>主机数</th>"
                + "<th>2021模板估算得分</th><th>等级</th><th>达标主机(中及以上)</th><th>2025模板符合率</th><th>结论</th>"
                + "<th>高风险(未整改)</th><th>中风险(未整改)</th><th>重大风险隐患</th><th>未评估项</th></tr></thead><tbody>\n");
        for (GroupScore g : groups) {
            w.write("<tr><td>" + e(g.group()) + "</td><td class=\"num\">" + g.hosts() + "</td><td class=\"num\">"
                    + Formats.num(g.meanScore2021()) + "</td><td class=\"" + (g.passing2021() ? "ok" : "bad") + "\">"
                    + e(g.band2021()) + "</td><td class=\"num\">" + g.hostsPassing2021() + "</td><td class=\"num\">"
                    + Formats.percent(g.meanComplianceRate()) + "</td><td>" + e(g.conclusion2025()) + "</td><td class=\"num"
                    + (g.highRiskOpen() > 0 ? " bad" : "") + "\">" + g.highRiskOpen() + "</td><td class=\"num\">"
                    + g.mediumRiskOpen() + "</td><td class=\"num\">" + g.majorHazards() + "</td><td class=\"num\">"
                    + g.unassessedItems() + "</td></tr>\n");
        }
        w.write("</tbody></table></section>\n");
    }

    private static void kpi(Writer w, KpiReport k, Times times) throws IOException {
        if (k == null) {
            return;
        }
        w.write("<section id=\"kpi\"><h2>整改指标</h2>\n<p>统计截至 " + e(times.text(k.asOf()))
                + (k.since() == null ? "（全部历史）" : "，自 " + e(times.text(k.since())) + " 起")
                + "；目标：" + k.targets().overdueDays() + " 天内整改率 ≥ " + Formats.percent(k.targets().minFixRate()) + "，高风险未整改 = "
                + k.targets().maxHighRiskOpen() + "，超过 " + k.targets().overdueDays() + " 天未整改为逾期。</p>\n");
        w.write("<table><thead><tr><th>分组</th><th>未整改</th><th>已整改</th><th>已接受风险</th><th>整改率</th><th>30 天内整改率</th>"
                + "<th>整改用时中位数(天)</th><th>最长整改用时(天)</th><th>逾期</th><th>高风险未整改</th></tr></thead><tbody>\n");
        kpiRow(w, k.overall(), "全部");
        for (Kpi g : k.groups()) {
            kpiRow(w, g, g.group());
        }
        w.write("</tbody></table></section>\n");
    }

    private static void kpiRow(Writer w, Kpi k, String name) throws IOException {
        w.write("<tr><td>" + e(name) + "</td><td class=\"num\">" + k.open() + "</td><td class=\"num\">" + k.fixed()
                + "</td><td class=\"num\">" + k.accepted() + "</td><td class=\"num\">" + Formats.percent(k.fixRate())
                + "</td><td class=\"num " + (k.inTimeRateMet() ? "ok" : "bad") + "\">" + Formats.percent(k.inTimeRate())
                + "</td><td class=\"num\">" + Formats.num(k.medianDaysToFix())
                + "</td><td class=\"num\">" + Formats.num(k.worstDaysToFix()) + "</td><td class=\"num\">" + k.overdue()
                + "</td><td class=\"num " + (k.highRiskMet() ? "ok" : "bad") + "\">" + k.highRiskOpen() + "</td></tr>\n");
    }

    private static void hostTable(Writer w, ReportData d) throws IOException {
        w.write("<section id=\"hosts\"><h2>主机一览</h2>\n<table><thead><tr><th>主机</th><th>分组</th><th>估算得分</th>"
                + "<th>等级</th><th>符合率</th><th>结论</th><th>高风险</th><th>中风险</th><th>已接受风险</th>"
                + "<th>重大风险隐患</th><th>符合情况分布（测评指标）</th></tr></thead><tbody>\n");
        int i = 0;
        for (HostReport h : d.hosts()) {
            AssessorRecord r = h.record();
            AssessorRecord.Counts c = r.counts();
            w.write("<tr><td><a href=\"#host-" + i + "\">" + e(h.host()) + "</a></td><td>" + e(h.group())
                    + "</td><td class=\"num\">" + Formats.num(r.view2021().score()) + "</td><td class=\""
                    + (r.view2021().passing() ? "ok" : "bad") + "\">" + e(r.view2021().band()) + "</td><td class=\"num\">"
                    + Formats.percent(r.view2025().complianceRate()) + "</td><td>" + e(r.view2025().conclusion())
                    + "</td><td class=\"num\">" + c.highRiskOpen() + "</td><td class=\"num\">" + c.mediumRiskOpen()
                    + "</td><td class=\"num\">" + c.acceptedRisks() + "</td><td class=\"num\">" + c.majorHazards() + "</td><td>");
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            itemCounts(r, counts);
            statusBar(w, counts, 200, 12);
            w.write("</td></tr>\n");
            i++;
        }
        w.write("</tbody></table></section>\n");
    }

    /** Status and risk check boxes over every record row; hidden when printing (the paper shows what is filtered). */
    private static void filters(Writer w) throws IOException {
        w.write("<div id=\"filters\" class=\"noprint\" role=\"search\"><b>筛选：</b>");
        for (Status s : CHART_STATUSES) {
            w.write("<label><input type=\"checkbox\" value=\"s:" + s.name() + "\" checked> " + Labels.status(s) + "</label>");
        }
        w.write("｜");
        for (Risk r : FILTER_RISKS) {
            w.write("<label><input type=\"checkbox\" value=\"r:" + r.name() + "\" checked> "
                    + (r == Risk.NONE ? "无风险等级" : Labels.risk(r) + "风险") + "</label>");
        }
        w.write("｜显示 <span id=\"shown\"></span> 行<button type=\"button\" id=\"expand\">全部展开</button>"
                + "<button type=\"button\" id=\"collapse\">全部折叠</button></div>\n");
    }

    private static void hostSection(Writer w, HostReport h, ReportData d, int index) throws IOException {
        AssessorRecord r = h.record();
        AssessorRecord.View2021 v21 = r.view2021();
        AssessorRecord.View2025 v25 = r.view2025();
        AssessorRecord.Counts c = r.counts();
        w.write("<section class=\"host\" id=\"host-" + index + "\"><details class=\"host\""
                + (d.hosts().size() <= OPEN_MAX_HOSTS ? " open" : "") + "><summary><h2>测评对象：" + e(h.host())
                + "</h2><span class=\"sum\">" + Formats.num(v21.score()) + " 分（" + e(v21.band()) + "），符合率 "
                + Formats.percent(v25.complianceRate()) + "（" + e(v25.conclusion()) + "），高风险 " + c.highRiskOpen()
                + "，重大风险隐患 " + c.majorHazards() + "</span></summary>\n");
        w.write("<p>分组：" + e(h.group()) + "　扫描：" + e(h.scanId()) + "　评估时间："
                + e(d.times().text(Instant.ofEpochMilli(h.evaluation().getEvaluatedAtEpochMs())))
                + "　基线：" + e(h.evaluation().getProfile()) + "</p>\n");
        List<String> unassessed = h.score().unassessed();
        w.write("<p>2021模板估算得分 <b>" + Formats.num(v21.score()) + "</b>（" + e(v21.band()) + "）；2025模板符合率 <b>"
                + Formats.percent(v25.complianceRate()) + "</b>，结论：" + e(v25.conclusion()) + "；计分项 "
                + (v25.passed() + v25.partial() + v25.failed()) + "（符合 " + v25.passed() + "，部分符合 " + v25.partial()
                + "，不符合 " + v25.failed() + "），不适用 " + v25.notApplicable() + "，未评估（需人工核查/采集错误，不计分）"
                + v25.unassessed() + (unassessed.isEmpty() ? "" : "：" + e(String.join("、", unassessed)))
                + "；已接受风险 " + c.acceptedRisks() + "</p>\n");
        asset(w, h.asset());
        record(w, h, d);
        fixFirst(w, h.score());
        hazards(w, h, d);
        rectification(w, r, d.times());
        w.write("</details></section>\n");
    }

    private static void asset(Writer w, AssetRecord a) throws IOException {
        if (a == null) {
            return;
        }
        w.write("<h3>基本配置信息</h3><table><tbody><tr><th>操作系统</th><td>" + e(a.os()) + "</td><th>内核</th><td>"
                + e(a.kernel()) + "</td><th>软件包数</th><td>" + a.packageCount() + "</td></tr><tr><th>IP地址</th><td>"
                + e(String.join(", ", a.ipAddresses())) + "</td><th>开放端口</th><td colspan=\"3\">" + e(a.openPortsText())
                + "</td></tr><tr><th>可登录账户</th><td colspan=\"5\">" + e(String.join(", ", a.loginAccounts()))
                + "</td></tr></tbody></table>\n");
    }

    private static void fixFirst(Writer w, HostScore s) throws IOException {
        if (s.fixFirst().isEmpty()) {
            return;
        }
        w.write("<h3>优先整改（高风险优先，按整改后可提升的分数排序）</h3><table><thead><tr><th>序号</th><th>条款</th>"
                + "<th>检查项</th><th>风险</th><th>重大风险隐患</th><th>可提升得分</th><th>可提升符合率(百分点)</th></tr></thead><tbody>\n");
        int n = 0;
        for (FixItem f : s.fixFirst()) {
            if (++n > 10) {
                break;
            }
            w.write("<tr><td class=\"num\">" + n + "</td><td>" + e(f.clause()) + "</td><td>" + e(f.title()) + "</td><td>"
                    + Labels.risk(f.risk()) + "</td><td>" + (f.majorHazard() ? "是" : "") + "</td><td class=\"num\">"
                    + Formats.num(f.scoreGain()) + "</td><td class=\"num\">" + Formats.num(f.rateGainPoints()) + "</td></tr>\n");
        }
        w.write("</tbody></table>\n");
    }

    private static void hazards(Writer w, HostReport h, ReportData d) throws IOException {
        List<HazardRecord> hazards = HazardRecord.of(h, d.times());
        if (hazards.isEmpty()) {
            return;
        }
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

    /**
     * The 测评记录 per 测评指标 (the model's rows, in clause order): status as scored and the highest open risk,
     * filterable by both (data-s / data-r), decisions in force with their reason, who and when; the rules under the
     * item are its detail row (full width, right below it), folded (and so not printed) until opened.
     */
    private static void record(Writer w, HostReport h, ReportData d) throws IOException {
        Map<String, Finding> findings = new HashMap<>();
        for (Finding f : h.evaluation().getFindingsList()) {
            findings.put(f.getRuleId(), f);
        }
        w.write("<h3>测评记录（按测评指标）</h3><table class=\"record\"><colgroup><col class=\"w-ctl\"><col class=\"w-item\">"
                + "<col class=\"w-res\"><col class=\"w-st\"><col class=\"w-risk\"><col class=\"w-hz\"></colgroup><thead><tr>"
                + "<th>安全控制点</th><th>测评指标</th><th>结果记录</th><th>符合情况</th><th>风险等级</th><th>重大风险隐患</th>"
                + "</tr></thead><tbody>\n");
        for (ItemRow item : h.record().items()) {
            Risk risk = item.riskLabel().isEmpty() ? Risk.NONE : item.risk();
            w.write("<tr data-s=\"" + item.status().name() + "\" data-r=\"" + risk.name() + "\"><td>" + e(item.control())
                    + "</td><td><b>" + e(item.clause()) + "</b> " + e(item.indicator()) + "</td><td class=\"ev\">"
                    + e(item.result()));
            for (DecisionNote n : item.decisions()) {
                w.write("<div class=\"decision\">" + e(n.text(d.times())) + "</div>");
            }
            w.write("</td><td class=\"st-" + item.status().name() + "\">" + e(item.statusLabel()) + "</td><td"
                    + (risk == Risk.HIGH ? " class=\"bad\"" : "") + ">" + e(item.riskLabel()) + "</td><td"
                    + (item.majorHazard() ? " class=\"bad\"" : "") + ">" + e(item.majorHazardLabel()) + "</td></tr>\n");
            if (!item.rules().isEmpty()) {
                w.write("<tr class=\"detail\"><td colspan=\"6\">");
                ruleDetails(w, item, findings, d.times());
                w.write("</td></tr>\n");
            }
        }
        w.write("</tbody></table>\n");
    }

    /** The rules under one item: check, verdict and how it counts, evidence, remediation, rectification, decisions. */
    private static void ruleDetails(Writer w, ItemRow item, Map<String, Finding> findings, Times times) throws IOException {
        w.write("<details class=\"rules\"><summary>" + e(item.clause()) + " 规则明细（" + item.rules().size() + " 条）</summary><table class=\"rules\">"
                + "<colgroup><col style=\"width:15%\"><col style=\"width:9%\"><col style=\"width:6%\"><col style=\"width:26%\">"
                + "<col style=\"width:20%\"><col style=\"width:8%\"><col style=\"width:7%\"><col style=\"width:9%\"></colgroup><thead><tr><th>检查项</th><th>符合情况</th><th>风险</th><th>结果记录(证据)</th><th>整改建议</th>"
                + "<th>首次发现</th><th>整改状态</th><th>处置(理由/处置人/时间)</th></tr></thead><tbody>");
        for (RuleRow rule : item.rules()) {
            FindingRow r = rule.finding();
            String status = r.statusLabel().equals(rule.countedLabel()) ? r.statusLabel()
                    : r.statusLabel() + "（计为" + rule.countedLabel() + "）";
            w.write("<tr><td>" + e(r.checkItem()) + "<br><span class=\"muted\">" + e(r.ruleId()) + "</span></td><td class=\"st-"
                    + r.status().name() + "\">" + e(status) + "</td><td>" + e(r.riskLabel())
                    + (r.majorHazard() ? "（重大风险隐患）" : "") + "</td><td class=\"ev\">");
            Finding f = findings.get(r.ruleId());
            if (f != null) {
                evidence(w, f);
            } else {
                w.write(e(r.evidence()));
            }
            w.write("</td><td class=\"rem\">" + e(r.remediation()) + "</td><td>" + e(r.firstSeen()) + "</td><td>"
                    + e(r.rectification()) + "</td><td>");
            for (DecisionNote n : rule.decisions()) {
                w.write("<div>" + e(n.text(times)) + "</div>");
            }
            w.write("</td></tr>");
        }
        w.write("</tbody></table></details>");
    }

    /** 整改记录: every finding's way from first found to fixed (or why not), folded under its count. */
    private static void rectification(Writer w, AssessorRecord r, Times times) throws IOException {
        if (r.rectification().isEmpty()) {
            return;
        }
        long overdue = r.rectification().stream().filter(RectificationRow::overdue).count();
        long fixed = r.rectification().stream().filter(RectificationRow::fixed).count();
        w.write("<details class=\"rect\"><summary><h3>整改记录（" + r.rectification().size() + " 条：已整改 " + fixed
                + "，逾期 " + overdue + "）</h3></summary><table class=\"rect\"><thead><tr>");
        List<String> headers = RectificationRow.HEADERS.subList(1, RectificationRow.HEADERS.size());
        for (String hd : headers) {
            w.write("<th>" + e(hd) + "</th>");
        }
        w.write("</tr></thead><tbody>\n");
        for (RectificationRow x : r.rectification()) {
            List<String> cells = x.cells(times);
            w.write("<tr" + (x.overdue() ? " class=\"overdue\"" : "") + ">");
            for (String cell : cells.subList(1, cells.size())) {
                w.write("<td class=\"ev\">" + e(cell) + "</td>");
            }
            w.write("</tr>\n");
        }
        w.write("</tbody></table></details>\n");
    }

    /** The verdict's message, then each evidence item with where it was read as file:line (or the command). */
    static void evidence(Writer w, Finding f) throws IOException {
        w.write(e(f.getMessage()));
        if (f.getEvidenceCount() == 0) {
            return;
        }
        w.write("<ul>");
        for (Evidence ev : f.getEvidenceList()) {
            w.write("<li>" + e(ev.getText()));
            Source s = ev.getSource();
            if (!s.getPath().isEmpty()) {
                w.write(" <code class=\"src\">" + e(s.getPath()) + (s.getLine() > 0 ? ":" + s.getLine() : "") + "</code>");
            } else if (!s.getCommand().isEmpty()) {
                w.write(" <code class=\"src\">命令：" + e(s.getCommand()) + "</code>");
            }
            if (!s.getExcerpt().isEmpty()) {
                w.write(" <code>" + e(s.getExcerpt()) + "</code>");
            }
            w.write("</li>");
        }
        w.write("</ul>");
    }
}
