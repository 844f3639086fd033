package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.evaluate.FindingsTable;
import cn.dengbao.sentinel.collector.evaluate.CsvRenderer;
import cn.dengbao.sentinel.collector.evaluate.EvaluationJson;
import cn.dengbao.sentinel.collector.evaluate.FactsFile;
import cn.dengbao.sentinel.probes.LocalFacts;
import cn.dengbao.sentinel.proto.json.SectionNames;
import cn.dengbao.sentinel.checks.engine.HostAttributes;
import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.collector.export.EvaluationReportSource;
import cn.dengbao.sentinel.collector.export.ExportFormat;
import cn.dengbao.sentinel.collector.export.ExportService;
import cn.dengbao.sentinel.collector.export.ReportData;
import cn.dengbao.sentinel.common.cli.OutputPaths;
import cn.dengbao.sentinel.collector.time.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate --facts FILE | --local}: judges one facts file (or this host, collected in-process) against the level-3 rules and prints every verdict. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a facts file (from 'sentinel-agent collect') against the GB/T 22239-2019 level-3 host rules.",
                "xlsx/html are the export report (汇总/测评记录/高风险/资产/重大风险隐患整改) for this one host, with no history "
                        + "and NOT signed; for a signed report of stored scans use 'export'."})
public final class EvaluateCommand implements Callable<Integer> {

    enum Format { table, json, csv, xlsx, html }

    /** What --fail-on counts as a failure for CI pipelines. */
    enum FailOn { none, high, medium, any }

    @Spec
    CommandSpec spec;

    @Option(names = "--facts", paramLabel = "FILE", description = "facts JSON written by sentinel-agent collect")
    Path factsFile;

    @Option(names = "--local", description = "collect this host in-process (the agent's probes) and evaluate it; "
            + "one JVM instead of collect + evaluate. Exclusive with --facts.")
    boolean local;

    @Option(names = "--section", paramLabel = "NAME", split = ",",
            description = "with --local: only these fact sections (default: all); rules needing others report ERROR")
    List<String> sections = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "with --local: pending-updates cache directory (as sentinel-agent collect --cache-dir)")
    Path cacheDir;

    @Option(names = "--timings", description = "print the time spent collecting, loading rules and evaluating to stderr")
    boolean timings;

    @Option(names = "--format", defaultValue = "table", description = "table | json | csv | xlsx | html (default: ${DEFAULT-VALUE}); xlsx needs --out")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Option(names = "--profile", paramLabel = "FILE", description = "profile YAML overriding thresholds, disabled rules and attribute defaults")
    Path profileFile;

    @Option(names = "--rules", paramLabel = "DIR", description = "directory of extra or overriding rule files")
    Path rulesDir;

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "host attribute, e.g. internet_facing=true, mfa_bastion=true (repeatable)")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--fail-on", defaultValue = "none", description = "exit 1 when findings at this level are present: none | high | medium | any")
    FailOn failOn;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (local == (factsFile != null)) {
            throw new IllegalArgumentException("必须且只能指定 --facts FILE 或 --local 之一 (give exactly one of --facts FILE or --local)");
        }
        if (!local && (!sections.isEmpty() || cacheDir != null)) {
            throw new IllegalArgumentException("--section 和 --cache-dir 只能与 --local 一起使用 (only with --local)");
        }
        if (format == Format.xlsx && out == null) {
            throw new IllegalArgumentException("--format xlsx 是二进制文件，必须用 --out FILE 指定输出文件 (xlsx needs --out FILE)");
        }
        HostAttributes.requireValid(attributes);
        if (out != null) {
            OutputPaths.requireWritableTarget("--out", out);
        }
        long t0 = System.nanoTime();
        // the rules compile (CPU) while the probes mostly wait on files and commands: start both at once
        CompletableFuture<RuleCatalog> catalogLoad = CompletableFuture.supplyAsync(
                () -> rulesDir == null ? RuleCatalog.builtIn() : RuleCatalog.load(rulesDir), BACKGROUND);
        Facts facts = local ? LocalFacts.collect(SectionNames.parseAll(sections), cacheDir, err::println)
                : FactsFile.read(factsFile);
        long t1 = System.nanoTime();
        // rule or profile files that do not load: the message names the file and the expression
        RuleCatalog catalog = join(catalogLoad);
        long t2 = System.nanoTime();
        Profile profile = profileFile == null ? Profile.builtIn() : Profile.load(profileFile);
        Evaluation ev = new RuleEngine(catalog, profile).evaluate(facts, attributes);
        long t3 = System.nanoTime();
        if (timings) {
            err.printf(Locale.ROOT, "timing %s %d ms; rules ready %d ms later; evaluate %d ms%n",
                    local ? "collect" : "read facts", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            err.flush();
        }
        switch (format) {
            case json -> write(EvaluationJson.render(ev), spec.commandLine().getOut());
            case csv -> write(CsvRenderer.render(ev), spec.commandLine().getOut());
            case table -> write(FindingsTable.render(ev), spec.commandLine().getOut());
            case xlsx -> ExportService.write(report(facts, ev), ExportFormat.XLSX, out);
            case html -> writeHtml(report(facts, ev), spec.commandLine().getOut());
        }
        return failing(ev) ? 1 : 0;
    }

    private static final Executor BACKGROUND = r -> {
        Thread t = new Thread(r, "sentinel-rules");
        t.setDaemon(true);
        t.start();
    };

    private static RuleCatalog join(CompletableFuture<RuleCatalog> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // a rule file that does not load: reported like before, naming the file
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw e;
        }
    }

    /** The export command's report data, for this one evaluation (same exporters, same escaping). */
    private ReportData report(Facts facts, Evaluation ev) {
        // a local evaluation has no collector configuration: times in the system's zone, written with it
        return EvaluationReportSource.build(facts, ev, null, Instant.now(), Times.system());
    }

    private void writeHtml(ReportData data, PrintWriter stdout) throws IOException {
        if (out != null) {
            ExportService.write(data, ExportFormat.HTML, out);
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ExportFormat.HTML.exporter().write(data, buf);
        stdout.print(buf.toString(StandardCharsets.UTF_8));
        stdout.flush();
    }

    private void write(String text, PrintWriter stdout) throws IOException {
        if (out == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        Path target = out.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".evaluate-", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean failing(Evaluation ev) {
        for (Finding f : ev.getFindingsList()) {
            boolean bad = f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL;
            switch (failOn) {
                case high -> { if (bad && f.getRisk() == Risk.HIGH) return true; }
                case medium -> { if (bad && (f.getRisk() == Risk.HIGH || f.getRisk() == Risk.MEDIUM)) return true; }
                case any -> { if (bad) return true; }
                default -> { }
            }
        }
        return false;
    }
}
