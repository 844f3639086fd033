package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.kpi.Kpi;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiReport;
import cn.dengbao.sentinel.collector.export.Formats;
import cn.dengbao.sentinel.collector.export.JsonExporter;
import cn.dengbao.sentinel.collector.export.StoreReportSource;
import cn.dengbao.sentinel.collector.export.ToolInfo;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.collector.time.Times;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code report kpi [--group G] [--since DATE] [--format table|json]}: rectification KPIs per group and overall. */
@Command(name = "kpi", mixinStandardHelpOptions = true,
        description = "整改指标：未整改、已整改、整改率（目标≥70%%）、整改用时中位数/最长、逾期（>30天）、高风险未整改（目标0）")
public final class ReportKpiCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--group", paramLabel = "GROUP")
    String group;

    @Option(names = "--since", paramLabel = "DATE", description = "Period start: yyyy-MM-dd (midnight in the collector's time zone) or an ISO-8601 time")
    String since;

    @Option(names = "--format", defaultValue = "table", description = "table or json")
    String format;

    @Override
    public Integer call() throws Exception {
        Times times = storeOptions.times();
        Instant sinceAt = times.parseSince(since);
        if (!format.equals("table") && !format.equals("json")) {
            throw new IllegalArgumentException("--format 应为 table 或 json (--format must be table or json)");
        }
        KpiReport report;
        try (Store store = storeOptions.open()) {
            StoreReportSource src = new StoreReportSource(store);
            List<Host> hosts = src.hosts(group, null);
            report = new KpiCalculator(KpiTargets.defaults(), times).compute(src.lifecycle(group, hosts, sinceAt),
                    Instant.now(), sinceAt);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            JsonExporter.kpiReport(g, report, times);
            g.flush();
            out.println();
        } else {
            out.println("整改指标，截至 " + times.text(report.asOf())
                    + (sinceAt == null ? "（全部历史）" : "，自 " + times.text(sinceAt) + " 起"));
            TextTable t = new TextTable("分组", "未整改", "已整改", "已接受风险", "整改率", "30天内整改率", "达标(≥70%)", "用时中位数(天)",
                    "最长用时(天)", "逾期(>30天)", "高风险未整改", "达标(=0)");
            for (Kpi k : report.groups()) {
                row(t, k.group(), k);
            }
            row(t, "全部", report.overall());
            out.print(t);
        }
        out.flush();
        return 0;
    }

    private static void row(TextTable t, String name, Kpi k) {
        t.row(name, k.open(), k.fixed(), k.accepted(), Formats.percent(k.fixRate()), Formats.percent(k.inTimeRate()), k.inTimeRateMet() ? "是" : "否",
                Formats.num(k.medianDaysToFix()), Formats.num(k.worstDaysToFix()), k.overdue(), k.highRiskOpen(),
                k.highRiskMet() ? "是" : "否");
    }
}
