package cn.dengbao.sentinel.agent.cli;

import cn.dengbao.sentinel.proto.json.SectionNames;
import cn.dengbao.sentinel.probes.access.CommandRunner;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.access.LocalAccess;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.common.cli.OutputPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentinel-agent collect [--root DIR] [--out FILE] [--section NAME...]}: facts as protobuf JSON. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect this host's (or an offline root directory's) facts as JSON; never evaluates them.")
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "Offline root filesystem to read instead of this host.")
    Path root;

    @Option(names = "--out", paramLabel = "FILE", description = "Write facts to FILE (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--section", paramLabel = "NAME", arity = "1..*", split = ",",
            description = "Only these sections, e.g. accounts sshd pam (default: all).")
    List<String> sections = new ArrayList<>();

    @Option(names = "--timings", description = "Print each probe's start and duration (ms) to stderr.")
    boolean timings;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the live host's pending-updates answer is cached (default: /var/cache/sentinel-agent "
                    + "when writable, else <tmp>/sentinel-agent-<uid>).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Always run the pending-updates command.")
    boolean noCache;

    @Option(names = "--command-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time limit for each fixed command on the live host (default: ${DEFAULT-VALUE}).")
    int commandTimeoutSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<FactSection> wanted = SectionNames.parseAll(sections);
        if (commandTimeoutSeconds < 1 || commandTimeoutSeconds > 600) {
            throw new IllegalArgumentException("--command-timeout 应为 1..600 秒 (must be between 1 and 600 seconds)");
        }
        if (out != null) {
            OutputPaths.requireWritableTarget("--out", out);
        }
        HostAccess access;
        PendingUpdatesCache cache = root == null && !noCache
                ? PendingUpdatesCache.forSections(wanted, cacheDir, err::println) : null;
        if (root != null) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("--root " + root + " 不是已有的目录 (is not an existing directory)");
            }
            access = new RootDirAccess(root);
        } else {
            access = new LocalAccess(new CommandRunner(Duration.ofSeconds(commandTimeoutSeconds), CommandRunner.DEFAULT_MAX_STDOUT));
        }
        Facts facts;
        try (access) {
            FactsCollector.Collected collected = new FactsCollector(ProbeRegistry.all(cache), Clock.systemUTC())
                    .collectTimed(access, wanted);
            facts = collected.facts();
            if (timings) {
                printTimings(err, collected, facts);
            }
        }
        if (out == null) {
            PrintWriter o = spec.commandLine().getOut();
            o.println(FactsJson.print(facts));
            o.flush();
        } else {
            FactsJson.write(out, facts);
        }
        return 0;
    }

    private static void printTimings(PrintWriter err, FactsCollector.Collected collected, Facts facts) {
        for (FactsCollector.ProbeTiming t : collected.timings()) {
            err.printf(Locale.ROOT, "timing %-24s start %6d ms  took %6d ms  cpu %6d ms%n", t.probe(), t.startedAtMillis(),
                    t.millis(), t.cpuMillis());
        }
        err.printf(Locale.ROOT, "timing %-24s                took %6d ms%n", "collection", facts.getHost().getCollectionMillis());
        // the JVM's own CPU since it started (JIT, class loading and GC included), child processes excluded
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
            err.printf(Locale.ROOT, "timing %-24s                 cpu %6d ms%n", "jvm-process", os.getProcessCpuTime() / 1_000_000L);
        }
        err.flush();
    }

}
