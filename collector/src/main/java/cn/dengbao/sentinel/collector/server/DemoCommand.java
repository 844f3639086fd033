package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.agent.enroll.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.ingest.Inputs;
import cn.dengbao.sentinel.collector.store.ScanSummary;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole product on this machine in a few seconds — a collector on a free loopback port with a
 * temporary data dir, an agent enrolled in-process over TLS with a token, its first report streamed over mutual
 * TLS, stored, evaluated, and the findings printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a collector and an agent for this machine on loopback and print the findings.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the temporary data directory and print its path")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the first report (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path tmp = Files.createTempDirectory("sentinel-demo-");
        CollectorConfig cfg = new CollectorConfig();
        cfg.listen = "127.0.0.1:0";
        cfg.dataDir = tmp.resolve("collector").toString();
        try (CollectorRuntime rt = CollectorRuntime.start(cfg, Wiring::evaluator)) {
            String target = "127.0.0.1:" + rt.port();
            out.println("① 采集端已启动 collector on " + target + "  CA " + rt.ca().fingerprint());
            String token = Tokens.newToken();
            rt.backend().create(Tokens.sha256Hex(token), "demo", Instant.now().plus(Duration.ofMinutes(10)), 1);
            Path state = tmp.resolve("agent");
            AgentIdentity id = new Enroller(target, rt.ca().fingerprint(), 30)
                    .enroll(token, cn.dengbao.sentinel.agent.daemon.HostBasics.hostname(),
                            cn.dengbao.sentinel.agent.daemon.HostBasics.osPrettyName(), "0.1.0", state);
            out.println("② 代理已注册 agent enrolled as " + id.agentId() + " (token + CSR, certificate pinned to the CA)");
            AgentConfig ac = new AgentConfig();
            ac.collector = target;
            ac.stateDir = state.toString();
            String hostId = rt.backend().hostIdOf(id.agentId());
            try (AgentDaemon agent = new AgentDaemon(ac, id, Wiring.localFacts("0.1.0"),
                    new Spool(ac.spoolDirPath(), ac.spool.maxFiles, ac.spool.maxBytes), Backoff.standard(), "0.1.0")) {
                agent.start();
                long end = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
                Optional<ScanSummary> scan = Optional.empty();
                while (System.nanoTime() < end && (scan = rt.store().scans().latest(hostId)).isEmpty()) {
                    Thread.sleep(100);
                }
                if (scan.isEmpty()) {
                    System.err.println("no report arrived within " + timeoutSeconds + " s");
                    return 2;
                }
                out.println("③ 首份报告已经双向TLS上报、入库并评估 first report streamed over mutual TLS, stored and evaluated"
                        + " (scan " + scan.get().id() + ")");
                Evaluation ev = rt.store().scans().evaluation(scan.get().id()).orElse(Evaluation.getDefaultInstance());
                printFindings(out, ev);
            }
        } finally {
            if (keep) {
                out.println("data kept in " + tmp);
            } else {
                deleteTree(tmp);
            }
        }
        return 0;
    }

    static void printFindings(PrintStream out, Evaluation ev) {
        out.printf("%n%-10s %-8s %-4s %-28s %s%n", "条款", "结论", "风险", "规则", "标题");
        ev.getFindingsList().stream()
                .sorted(Comparator.comparing(Finding::getClause).thenComparing(Finding::getRuleId))
                .forEach(f -> out.printf("%-10s %-8s %-4s %-28s %s%n", Inputs.clean(f.getClause(), 10),
                        statusZh(f.getStatus()), riskZh(f.getRisk()), Inputs.clean(f.getRuleId(), 28),
                        Inputs.clean(f.getTitle(), 80)));
        long fail = ev.getFindingsList().stream().filter(f -> f.getStatus() == cn.dengbao.sentinel.proto.Status.FAIL).count();
        out.printf("%n共 %d 条检查结果，其中不符合 %d 条 (%d results, %d failed)%n", ev.getFindingsCount(), fail,
                ev.getFindingsCount(), fail);
    }

    static String statusZh(cn.dengbao.sentinel.proto.Status s) {
        return switch (s) {
            case PASS -> "符合";
            case PARTIAL -> "部分符合";
            case FAIL -> "不符合";
            case NOT_APPLICABLE -> "不适用";
            case MANUAL -> "需人工核查";
            case ERROR -> "错误";
            default -> "-";
        };
    }

    static String riskZh(cn.dengbao.sentinel.proto.Risk r) {
        return switch (r) {
            case HIGH -> "高";
            case MEDIUM -> "中";
            case LOW -> "低";
            default -> "-";
        };
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
