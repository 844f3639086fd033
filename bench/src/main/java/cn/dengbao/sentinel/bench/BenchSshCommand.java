package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.ssh.FileSetScanner;
import cn.dengbao.sentinel.collector.ssh.HostScanResult;
import cn.dengbao.sentinel.collector.ssh.HostScanner;
import cn.dengbao.sentinel.collector.ssh.ScanTask;
import cn.dengbao.sentinel.collector.ssh.SshOptions;
import cn.dengbao.sentinel.collector.ssh.SshScanExecutor;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import cn.dengbao.sentinel.collector.ssh.SshdTargets;
import cn.dengbao.sentinel.testkit.TestSshd;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-ssh}: scans localhost over SSH as N distinct targets (one session each) through the real scan
 * executor and prints hosts/s and per-host p50/p99. Starts its own loopback sshd (throwaway keys) logging in as a
 * non-root user from .ci/ssh-setup.sh.
 */
@Command(name = "bench-ssh", mixinStandardHelpOptions = true, description = "Benchmark agentless SSH scanning against a loopback sshd.")
public final class BenchSshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--targets", defaultValue = "200", description = "Distinct targets to scan (default: ${DEFAULT-VALUE}).")
    int targets;
    @Option(names = "--concurrency", defaultValue = "16", description = "Hosts at once (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--scanner", defaultValue = "probes",
            description = "probes (the agent's probes: what a real scan reads) or files (the files and directories the probes declare, read without parsing).")
    String scanner;
    @Option(names = "--user", defaultValue = TestSshd.USER, description = "Non-root login user (default: ${DEFAULT-VALUE}).")
    String user;
    @Option(names = "--sudo", description = "Scan with sudo (needs the sudoers drop-in of .ci/ssh-setup.sh).")
    boolean sudo;
    @Option(names = "--max-startups", defaultValue = "200", description = "sshd MaxStartups (default: ${DEFAULT-VALUE}).")
    int maxStartups;
    @Option(names = "--max-sessions", defaultValue = "32", description = "sshd MaxSessions (default: ${DEFAULT-VALUE}).")
    int maxSessions;
    @Option(names = "--warmup", defaultValue = "32", description = "Scans before measuring (JIT warm-up; default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (targets < 1 || concurrency < 1) {
            throw new IllegalArgumentException("--targets 与 --concurrency 须 ≥ 1 (must be ≥ 1)");
        }
        HostScanner hs = switch (scanner) {
            case "probes" -> HostScanner.probes();
            case "files" -> new FileSetScanner();
            default -> null;
        };
        if (hs == null) {
            throw new IllegalArgumentException("--scanner 应为 probes 或 files (must be probes or files)");
        }
        try (TestSshd sshd = TestSshd.forBenchmark(user, maxStartups, maxSessions)) {
            byte[] key = sshd.userPrivateKey();
            SshOptions opts = SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(20));
            try (SshScanExecutor ex = new SshScanExecutor(concurrency, opts, hs)) {
                ex.scanAll(tasks(sshd, key, Math.max(0, warmup), "warmup"));
                List<ScanTask> tasks = tasks(sshd, key, targets, "bench");
                long start = System.nanoTime();
                List<HostScanResult> results = ex.scanAll(tasks);
                double seconds = (System.nanoTime() - start) / 1e9;
                long ok = results.stream().filter(HostScanResult::ok).count();
                List<Long> ms = new ArrayList<>(results.stream().map(r -> r.elapsed().toMillis()).sorted().toList());
                int errors = results.stream().filter(HostScanResult::ok).mapToInt(r -> r.facts().getCollectionErrorsCount()).sum();
                out.printf("bench-ssh: %d targets, concurrency %d, scanner %s, user %s%s, sshd MaxStartups %d MaxSessions %d%n",
                        targets, concurrency, scanner, user, sudo ? " (sudo)" : "", sshd.maxStartups(), sshd.maxSessions());
                out.printf("  ok %d, failed %d, wall %.2f s, %.1f hosts/s%n", ok, results.size() - ok, seconds, results.size() / seconds);
                out.printf("  per host: p50 %d ms, p99 %d ms, max %d ms; collection errors recorded in facts: %d%n",
                        pct(ms, 50), pct(ms, 99), ms.get(ms.size() - 1), errors);
                results.stream().filter(r -> !r.ok()).limit(3).forEach(r -> out.println("  failed " + r.target().name() + ": " + r.error()));
                out.flush();
                return ok == results.size() ? 0 : 1;
            }
        } catch (IllegalStateException e) {
            // the loopback sshd could not start (no sshd binary, no such user): the message says which
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    private List<ScanTask> tasks(TestSshd sshd, byte[] key, int n, String prefix) throws Exception {
        List<ScanTask> tasks = new ArrayList<>(n);
        var pin = SshdTargets.pin(sshd);
        for (int i = 0; i < n; i++) {
            SshTarget t = new SshTarget(prefix + "-" + i, "127.0.0.1", sshd.port(), sshd.user(), sudo, "bench", pin);
            tasks.add(new ScanTask(t, () -> Credential.privateKey(key.clone(), null)));
        }
        return tasks;
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
