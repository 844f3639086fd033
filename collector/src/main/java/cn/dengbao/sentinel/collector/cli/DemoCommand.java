package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.engine.ClauseOrder;
import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.collector.server.CollectorRuntime;
import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import cn.dengbao.sentinel.collector.store.ScanSummary;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole product on this machine in a few seconds — a collector on a free loopback port with a
 * temporary data dir, the agent program ({@code sentinel-agent.jar}, started as its own process as ops would run
 * it) enrolled over TLS with a single-use token, its first report streamed over mutual TLS, stored, evaluated, and
 * the findings printed. The collector does not contain the agent: the demo finds the agent jar beside the build
 * tree ({@code agent/target/sentinel-agent.jar}), beside the collector jar, or by {@code --agent-jar}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a collector and an agent for this machine on loopback and print the findings.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "keep the temporary data directory and print its path")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the first report (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--agent-jar", paramLabel = "FILE", description = "the agent jar (default: found beside the collector jar or in agent/target)")
    Path agentJar;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path jar = agentJar != null ? agentJar : findAgentJar()
                .orElseThrow(() -> new IllegalArgumentException("找不到代理程序 sentinel-agent.jar（the agent jar was not found"
                        + " beside the collector jar nor in agent/target: build it with 'mvn package' or pass --agent-jar FILE)"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("代理程序不存在 agent jar not found: " + jar);
        }
        Path tmp = Files.createTempDirectory("sentinel-demo-");
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("collector").toString();
        Process agent = null;
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, Wiring::evaluator)) {
            String target = "127.0.0.1:" + rt.port();
            out.println("① 采集端已启动 collector on " + target + "  CA " + rt.ca().fingerprint());
            String token = Tokens.newToken();
            rt.backend().create(Tokens.sha256Hex(token), "demo", Instant.now().plus(Duration.ofMinutes(10)), 1);
            Path state = tmp.resolve("agent");
            Files.createDirectories(state);
            Path tokenFile = state.resolve("token");
            Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
            Path config = state.resolve("agent.yaml");
            Files.writeString(config, "collector: " + target + "\nstateDir: " + state + "\nspool:\n  dir: "
                    + state.resolve("spool") + "\nreportOnStart: true\n", StandardCharsets.UTF_8);
            Path log = tmp.resolve("agent.log");
            int enrolled = runAgent(jar, log, "enroll", "--config", config.toString(),
                    "--ca-fingerprint", rt.ca().fingerprint(), "--token-file", tokenFile.toString())
                    .waitFor(timeoutSeconds, TimeUnit.SECONDS) ? 0 : -1;
            List<cn.dengbao.sentinel.collector.store.AgentRecord> agents = rt.backend().list();
            if (enrolled != 0 || agents.isEmpty()) {
                throw new CommandFailedException("代理注册失败 (the agent did not enrol); its output:\n" + tail(log));
            }
            String agentId = agents.get(0).id();
            out.flush();
            out.println("② 代理已注册 agent enrolled as " + agentId + " (token + CSR, certificate pinned to the CA)");
            agent = runAgent(jar, log, "run", "--config", config.toString());
            String hostId = rt.backend().hostIdOf(agentId);
            long end = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            Optional<ScanSummary> scan = Optional.empty();
            while (System.nanoTime() < end && agent.isAlive() && (scan = rt.store().scans().latest(hostId)).isEmpty()) {
                Thread.sleep(100);
            }
            if (scan.isEmpty()) {
                throw new CommandFailedException(timeoutSeconds + " 秒内没有收到报告 (no report arrived within "
                        + timeoutSeconds + " s); the agent's output:\n" + tail(log));
            }
            out.println("③ 首份报告已经双向TLS上报、入库并评估 first report streamed over mutual TLS, stored and evaluated"
                    + " (scan " + scan.get().id() + ")");
            Evaluation ev = rt.store().scans().evaluation(scan.get().id()).orElse(Evaluation.getDefaultInstance());
            printFindings(out, ev);
        } finally {
            if (agent != null) {
                agent.destroy();
                if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
            if (keep) {
                out.println("data kept in " + tmp);
            } else {
                deleteTree(tmp);
            }
            out.flush();
        }
        return 0;
    }

    /** The agent as its own JVM, with this JVM's java; its output goes to {@code log}. */
    private static Process runAgent(Path jar, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** Beside the collector jar (an installed layout), or the build tree's agent/target. */
    static Optional<Path> findAgentJar() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(self) ? self : self.getParent();
            candidates.add(dir.resolve("sentinel-agent.jar"));
            // collector/target/sentinel-collector.jar (or collector/target/classes) -> agent/target/sentinel-agent.jar
            for (Path p = dir; p != null; p = p.getParent()) {
                candidates.add(p.resolve("agent").resolve("target").resolve("sentinel-agent.jar"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        candidates.add(Path.of("agent", "target", "sentinel-agent.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    static void printFindings(PrintWriter out, Evaluation ev) {
        TextTable t = new TextTable("条款", "结论", "风险", "规则", "标题").maxWidth(0, 10).maxWidth(3, 28).maxWidth(4, 80);
        ev.getFindingsList().stream()
                .sorted(Comparator.comparing(Finding::getClause, ClauseOrder.CLAUSES)
                        .thenComparing(Finding::getRuleId, ClauseOrder.CLAUSES))
                .forEach(f -> t.row(f.getClause(), Labels.status(f.getStatus()), Labels.risk(f.getRisk()),
                        f.getRuleId(), f.getTitle()));
        out.println();
        out.print(t);
        long fail = ev.getFindingsList().stream().filter(f -> f.getStatus() == cn.dengbao.sentinel.proto.Status.FAIL).count();
        out.printf("%n共 %d 条检查结果，其中不符合 %d 条 (%d results, %d failed)%n", ev.getFindingsCount(), fail,
                ev.getFindingsCount(), fail);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort for a temp dir
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
