package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.VulnStreamStatus;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.collector.vulns.FeedCoverage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vulns status}: per stream, how old the data is and whether matching may use it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "各发行版漏洞数据的时效与覆盖 (age and coverage per stream); 过期或无数据的发行版判为“未评估”")
public final class VulnsStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    ListFormat format;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "7d",
            description = "数据最长有效期 (default: ${DEFAULT-VALUE}; e.g. 36h, 14d)")
    String maxAge;

    @Override
    public Integer call() {
        Duration max = Durations.parse(maxAge);
        Times times = storeOptions.times();
        List<VulnStreamStatus> stored;
        try (Store store = storeOptions.open()) {
            stored = store.vulnFeeds().streams();
        }
        Instant now = Instant.now();
        List<FeedCoverage.Row> rows = FeedCoverage.rows(stored, now, max);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ListFormat.printJson(out, rows, VulnsStatusCommand::json);
            return 0;
        }
        TextTable t = new TextTable("STREAM", "状态", "记录数", "数据获取时间", "已过天数", "来源", "导入时间");
        for (FeedCoverage.Row r : rows) {
            VulnStreamStatus d = r.data();
            t.row(r.stream(), r.state().label(), d == null ? "-" : String.valueOf(d.records()),
                    d == null ? "-" : times.text(d.retrievedAt()), r.age() == null ? "-" : String.valueOf(r.age().toDays()),
                    d == null ? "-" : PlainText.oneLine(d.sources()), d == null ? "-" : times.text(d.importedAt()));
        }
        out.print(t);
        out.println("有效期 " + maxAge + "；过期或无数据的发行版上的主机判为“未评估”(not evaluated)，不会判为无漏洞");
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(FeedCoverage.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", r.stream());
        m.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        VulnStreamStatus d = r.data();
        m.put("records", d == null ? 0 : d.records());
        m.put("retrievedAt", d == null ? null : ListFormat.iso(d.retrievedAt()));
        m.put("ageDays", r.age() == null ? null : r.age().toDays());
        m.put("sources", d == null ? null : d.sources());
        m.put("bundleId", d == null ? null : d.bundleId());
        m.put("importedAt", d == null ? null : ListFormat.iso(d.importedAt()));
        return m;
    }
}
