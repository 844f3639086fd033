package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate --facts FILE}: judges one facts file against the level-3 rules and prints every verdict. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a facts file (from 'sentinel-agent collect') against the GB/T 22239-2019 level-3 host rules.")
public final class EvaluateCommand implements Callable<Integer> {

    enum Format { table, json, csv }

    /** What --fail-on counts as a failure for CI pipelines. */
    enum FailOn { none, high, medium, any }

    @Spec
    CommandSpec spec;

    @Option(names = "--facts", required = true, paramLabel = "FILE", description = "facts JSON written by sentinel-agent collect")
    Path factsFile;

    @Option(names = "--format", defaultValue = "table", description = "table | json | csv (default: ${DEFAULT-VALUE})")
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
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Evaluation ev;
        try {
            Facts facts = FactsFile.read(factsFile);
            RuleCatalog catalog = rulesDir == null ? RuleCatalog.builtIn() : RuleCatalog.load(rulesDir);
            Profile profile = profileFile == null ? Profile.builtIn() : Profile.load(profileFile);
            ev = new RuleEngine(catalog, profile).evaluate(facts, attributes);
        } catch (FactsFile.InvalidFactsException e) {
            err.println("错误: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // rule or profile files that do not load: the message names the file and the expression
            err.println("错误: " + e.getMessage());
            return 2;
        }
        String text = switch (format) {
            case json -> EvaluationJson.render(ev);
            case csv -> CsvRenderer.render(ev);
            case table -> TableRenderer.render(ev);
        };
        try {
            write(text, spec.commandLine().getOut());
        } catch (IOException e) {
            err.println("错误: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        return failing(ev) ? 1 : 0;
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
