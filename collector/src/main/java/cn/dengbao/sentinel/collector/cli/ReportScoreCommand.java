package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.score.FixItem;
import cn.dengbao.sentinel.collector.score.GroupScore;
import cn.dengbao.sentinel.collector.score.HostInput;
import cn.dengbao.sentinel.collector.score.HostScore;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.export.Formats;
import cn.dengbao.sentinel.collector.export.HostSnapshot;
import cn.dengbao.sentinel.collector.export.JsonExporter;
import cn.dengbao.sentinel.collector.export.StoreReportSource;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.TextTable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code report score [--group G|--host H] [--format table|json] [--top N]}. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "主机层测评估算：2021模板得分与等级、2025模板符合率与结论、优先整改项（估算，公式未确认）")
public final class ReportScoreCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    ScopeArgs scope = new ScopeArgs();

    @Option(names = "--format", defaultValue = "table", description = "table or json")
    String format;

    @Option(names = "--top", defaultValue = "10", description = "How many fix-first items to list")
    int top;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new IllegalArgumentException("--format 应为 table 或 json (--format must be table or json)");
        }
        Scorer scorer = Scorer.builtIn();
        List<HostScore> scores = new ArrayList<>();
        try (Store store = storeOptions.open()) {
            StoreReportSource src = new StoreReportSource(store);
            List<Host> hosts = src.hosts(scope.group, scope.host);
            for (HostSnapshot s : src.snapshots(hosts)) {
                scores.add(scorer.score(s.scoreInput()));
            }
        }
        Map<String, List<HostScore>> byGroup = new TreeMap<>();
        scores.forEach(s -> byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s));
        List<GroupScore> groups = new ArrayList<>();
        byGroup.forEach((g, l) -> groups.add(scorer.group(g, l)));
        List<FixItem> fix = new ArrayList<>();
        scores.forEach(s -> fix.addAll(s.fixFirst()));
        fix.sort(Scorer.FIX_ORDER);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            json(out, scores, groups, fix);
        } else {
            table(out, scores, groups, fix);
        }
        out.flush();
        return 0;
    }

    private void table(PrintWriter out, List<HostScore> scores, List<GroupScore> groups, List<FixItem> fix) {
        out.println("主机层估算（8.1.4 安全计算环境；公式与阈值为未确认参数；需人工核查/采集错误项不计分）");
        TextTable t = new TextTable("主机", "分组", "得分(2021)", "等级", "符合率(2025)", "结论", "高风险", "重大隐患", "未评估");
        for (HostScore s : scores) {
            t.row(s.host(), s.group(), Formats.num(s.score2021()), s.band2021(), Formats.percent(s.complianceRate()),
                    s.conclusion2025(), s.highRiskOpen(), s.majorHazards().size(), s.unassessed().size());
        }
        out.print(t);
        out.println();
        TextTable g = new TextTable("分组(主机平均)", "主机数", "平均得分", "等级", "达标主机", "平均符合率", "结论", "高风险", "重大隐患");
        for (GroupScore s : groups) {
            g.row(s.group(), s.hosts(), Formats.num(s.meanScore2021()), s.band2021(), s.hostsPassing2021(),
                    Formats.percent(s.meanComplianceRate()), s.conclusion2025(), s.highRiskOpen(), s.majorHazards());
        }
        out.print(g);
        out.println();
        out.println("优先整改（高风险优先，按可提升得分排序）:");
        TextTable f = new TextTable("#", "主机", "条款", "规则", "风险", "重大隐患", "可提升得分", "可提升符合率(百分点)");
        int n = 0;
        for (FixItem x : fix) {
            if (++n > top) {
                break;
            }
            f.row(n, x.host(), x.clause(), x.ruleId(), Labels.risk(x.risk()), x.majorHazard() ? "是" : "",
                    Formats.num(x.scoreGain()), Formats.num(x.rateGainPoints()));
        }
        out.print(f);
    }

    private void json(PrintWriter out, List<HostScore> scores, List<GroupScore> groups, List<FixItem> fix) throws Exception {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeBooleanField("estimate", true);
        g.writeArrayFieldStart("groups");
        for (GroupScore s : groups) {
            JsonExporter.group(g, s);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("hosts");
        for (HostScore s : scores) {
            g.writeStartObject();
            g.writeStringField("host", s.host());
            g.writeStringField("group", s.group());
            g.writeFieldName("score");
            JsonExporter.hostScore(g, s);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("fixFirst");
        int n = 0;
        for (FixItem x : fix) {
            if (++n > top) {
                break;
            }
            g.writeStartObject();
            g.writeStringField("host", x.host());
            JsonExporter.fixItemFields(g, x);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
