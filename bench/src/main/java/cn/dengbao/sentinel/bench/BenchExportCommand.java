package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.export.ExportFormat;
import cn.dengbao.sentinel.collector.export.ExportService;
import cn.dengbao.sentinel.collector.export.ReportBuilder;
import cn.dengbao.sentinel.collector.export.ReportData;
import cn.dengbao.sentinel.collector.export.ToolInfo;

import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.signing.CollectorKeys;
import cn.dengbao.sentinel.collector.signing.ExportSigner;
import cn.dengbao.sentinel.common.cli.OutputPaths;
import cn.dengbao.sentinel.collector.time.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bench-export --hosts 1000 --rules 60}: times scoring and each export format on a synthetic fleet. */
@Command(name = "bench-export", mixinStandardHelpOptions = true,
        description = "导出性能基准：合成 N 台主机 × M 条规则，计时评分与 xlsx/html/csv/json 导出（目标各 < 10 s）")
public final class BenchExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Wall time on a shared machine says little; the exporting thread's CPU time is printed beside it. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Option(names = "--hosts", defaultValue = "1000")
    int hosts;

    @Option(names = "--rules", defaultValue = "60")
    int rules;

    @Option(names = "--formats", defaultValue = "xlsx,html,csv,json", split = ",")
    List<String> formats;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Keep the files here (default: a temp dir, deleted)")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        if (hosts < 1 || rules < 1) {
            throw new IllegalArgumentException("--hosts 与 --rules 须为正数 (must be positive)");
        }
        List<ExportFormat> fmts = new ArrayList<>();
        for (String f : formats) {
            fmts.add(ExportService.parseFormat(f.trim()));
        }
        if (outDir != null) {
            OutputPaths.requireParentDirectory("--out-dir", outDir);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        SyntheticData.Fleet fleet = SyntheticData.generate(hosts, rules, now, 42);
        long t1 = System.nanoTime();
        Times times = Times.system();
        ReportData data = new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), times), times)
                .build("基准测试", fleet.snapshots(), fleet.lifecycle(), now, null, "bench", ToolInfo.VERSION);
        long t2 = System.nanoTime();
        stdout.printf(Locale.ROOT, "hosts=%d rules=%d findings=%d  generate %.2f s  score+kpi %.2f s%n",
                hosts, rules, (long) hosts * rules, sec(t1 - t0), sec(t2 - t1));
        boolean temp = outDir == null;
        Path dir = temp ? Files.createTempDirectory("sentinel-bench") : Files.createDirectories(outDir);
        try {
            ExportSigner signer = new ExportSigner(CollectorKeys.loadOrCreate(dir.resolve("data")), "bench", ToolInfo.VERSION,
                    times);
            for (ExportFormat fmt : fmts) {
                Path out = dir.resolve("bench." + fmt.extension());
                long a = System.nanoTime();
                long cpuA = CPU.getCurrentThreadCpuTime();
                long procA = processCpu();
                ExportService.write(data, fmt, out);
                long cpu = CPU.getCurrentThreadCpuTime() - cpuA;
                long proc = processCpu() - procA;
                long b = System.nanoTime();
                signer.sign(out, fmt.extension(), data.scanIds(), now);
                long c = System.nanoTime();
                stdout.printf(Locale.ROOT, "%-5s export %6.2f s (cpu: thread %5.2f s, process incl. GC/JIT %5.2f s)  sign(SM3+SM2) %5.2f s  size %8.1f MiB%s%n",
                        fmt.extension(), sec(b - a), sec(cpu), sec(proc), sec(c - b), Files.size(out) / 1048576.0,
                        sec(b - a) < 10 ? "" : "  (over the 10 s goal)");
            }
        } finally {
            if (temp) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    /** CPU time of the whole JVM (all threads, GC included); -1 when the platform does not say. */
    private static long processCpu() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
