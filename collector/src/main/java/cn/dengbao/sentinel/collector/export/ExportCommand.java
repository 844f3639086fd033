package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.signing.Manifest;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code export --group G|--host H --format xlsx|csv|json|html --out FILE}: a signed report for the security team. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "导出测评记录、估算得分与整改指标（xlsx/csv/json/html），附 SM2 签名清单")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreArgs storeArgs;

    @ArgGroup(exclusive = true)
    ScopeArgs scope = new ScopeArgs();

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "xlsx, csv, json or html")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Option(names = "--since", paramLabel = "DATE", description = "KPI period start (yyyy-MM-dd); default all history")
    String since;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Show each host as of this past date (yyyy-MM-dd = end of that day in the collector's time zone, "
                    + "or an ISO-8601 time)")
    String asOf;

    @Option(names = "--no-sign", description = "Do not write the signed manifest")
    boolean noSign;

    /** Bad options or input throw IllegalArgumentException; CollectorMain maps it to exit code 2. */
    @Override
    public Integer call() throws Exception {
        ExportFormat f;
        Instant sinceAt;
        Times times;
        try {
            f = ExportService.parseFormat(format);
            times = storeArgs.times();
            sinceAt = times.parseSince(since);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Instant generated = Instant.now();
        Instant asOfAt = times.parseAsOf(asOf);
        Instant now = asOfAt == null ? generated : asOfAt;
        ReportData data;
        try (Store store = storeArgs.open()) {
            StoreReportSource src = new StoreReportSource(store);
            List<Host> hosts;
            try {
                hosts = src.hosts(scope.group, scope.host);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            data = new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), times), times)
                    .build(scope.describe() + (asOfAt == null ? "" : "（截至 " + times.text(asOfAt) + " 的状态）"),
                            src.snapshots(hosts, asOfAt), src.lifecycle(scope.group, hosts, sinceAt, asOfAt), generated, now,
                            sinceAt, storeArgs.collectorId(), ToolInfo.VERSION);
        }
        ExportService.write(data, f, out);
        try (Store store = storeArgs.open()) {
            // who exported what, and when: assessors' evidence leaves the system through here
            store.audit().append("cli", "export.create", java.util.Map.of("scope", scope.describe(),
                    "format", f.extension(), "file", out.toAbsolutePath().toString(),
                    "hosts", String.valueOf(data.hosts().size())));
        }
        System.out.println("已导出 " + data.hosts().size() + " 台主机（" + scope.describe() + "）→ " + out);
        if (!noSign) {
            CollectorKeys keys = CollectorKeys.loadOrCreate(storeArgs.dataDir());
            Manifest m = new ExportSigner(keys, storeArgs.collectorId(), ToolInfo.VERSION, times)
                    .sign(out, f.extension(), data.scanIds(), generated);
            System.out.println("SM3 " + m.sm3() + "；清单 " + ExportSigner.manifestPath(out) + "，签名 "
                    + ExportSigner.signaturePath(out) + "（公钥 " + keys.publicKeyFile() + "）");
        }
        return 0;
    }
}
