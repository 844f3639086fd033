package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.export.Formats;
import cn.dengbao.sentinel.collector.export.ReportBuilder;
import cn.dengbao.sentinel.collector.export.StoreReportSource;
import cn.dengbao.sentinel.collector.export.ReportData;
import cn.dengbao.sentinel.collector.export.ToolInfo;
import cn.dengbao.sentinel.collector.export.ExportService;
import cn.dengbao.sentinel.collector.export.ExportFormat;
import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.collector.signing.Manifest;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.common.cli.OutputPaths;
import cn.dengbao.sentinel.collector.time.Times;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code export --group G|--host H --format xlsx|csv|json|html --out FILE}: a signed report for the security team. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "导出测评记录、估算得分与整改指标（xlsx/csv/json/html），附 SM2 签名清单")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;
    @Spec
    CommandSpec spec;

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

    @Option(names = "--collector-id", paramLabel = "ID", defaultValue = "${env:SENTINEL_COLLECTOR_ID}",
            description = "Collector id written into signed manifests (default: this machine's host name)")
    String collectorId;

    @Override
    public Integer call() throws Exception {
        ExportFormat f = ExportService.parseFormat(format);
        Times times = storeOptions.times();
        Instant sinceAt = times.parseSince(since);
        OutputPaths.requireWritableTarget("--out", out);
        Instant generated = Instant.now();
        Instant asOfAt = times.parseAsOf(asOf);
        Instant now = asOfAt == null ? generated : asOfAt;
        ReportData data;
        try (Store store = storeOptions.open()) {
            StoreReportSource src = new StoreReportSource(store);
            List<Host> hosts = src.hosts(scope.group, scope.host);
            data = new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), times), times)
                    .build(scope.describe() + (asOfAt == null ? "" : "（截至 " + times.text(asOfAt) + " 的状态）"),
                            src.snapshots(hosts, asOfAt), src.lifecycle(scope.group, hosts, sinceAt, asOfAt), generated, now,
                            sinceAt, collectorId(), ToolInfo.VERSION);
        }
        ExportService.write(data, f, out);
        try (Store store = storeOptions.open()) {
            // who exported what, and when: assessors' evidence leaves the system through here
            store.audit().append("cli", "export.create", java.util.Map.of("scope", scope.describe(),
                    "format", f.extension(), "file", out.toAbsolutePath().toString(),
                    "hosts", String.valueOf(data.hosts().size())));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("已导出 " + data.hosts().size() + " 台主机（" + scope.describe() + "）→ " + out);
        if (!noSign) {
            CollectorKeys keys = CollectorKeys.loadOrCreate(storeOptions.dataDir());
            Manifest m = new ExportSigner(keys, collectorId(), ToolInfo.VERSION, times)
                    .sign(out, f.extension(), data.scanIds(), generated);
            stdout.println("SM3 " + m.sm3() + "；清单 " + ExportSigner.manifestPath(out) + "，签名 "
                    + ExportSigner.signaturePath(out) + "（公钥 " + keys.publicKeyFile() + "）");
        }
        stdout.flush();
        return 0;
    }

    private String collectorId() {
        return collectorIdOr(collectorId);
    }

    /** The collector id written into signed manifests: the one given, else collector@HOSTNAME. */
    static String collectorIdOr(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        try {
            return "collector@" + InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "collector";
        }
    }
}
