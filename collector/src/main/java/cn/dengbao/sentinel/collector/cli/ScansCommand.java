package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.credentials.VaultException;
import cn.dengbao.sentinel.collector.schedule.GroupScanJob;
import cn.dengbao.sentinel.collector.schedule.RunOutcome;
import cn.dengbao.sentinel.collector.schedule.ScanKind;
import cn.dengbao.sentinel.collector.schedule.StoringScanSink;
import cn.dengbao.sentinel.collector.ssh.HostScanner;
import cn.dengbao.sentinel.collector.ssh.SshScanExecutor;
import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.collector.targets.TargetService;
import cn.dengbao.sentinel.collector.time.Times;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scans list}: recorded scan runs (scheduled or manual); {@code scans run}: scan a group's SSH targets now. */
@Command(name = "scans", description = "Scan runs: list recorded runs, or run an SSH scan of a group now.",
        subcommands = {ScansCommand.ListRuns.class, ScansCommand.Run.class})
public final class ScansCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", description = "Recorded scan runs, newest first: hosts ok / failed and why.")
    static final class ListRuns implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Option(names = "--limit", defaultValue = "20", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                Times times = storeOptions.times();
                out.printf("%-6s %-26s %-26s %-5s %-5s %-10s %s%n", "ID", "开始", "结束", "成功", "失败", "计划", "错误/说明");
                for (ScanRunRecord r : store.scanRuns().list(limit)) {
                    String errors = r.errorsJson() == null ? "" : r.errorsJson();
                    out.printf("%-6d %-26s %-26s %-5d %-5d %-10s %s%n", r.id(), times.text(r.startedAt()),
                            r.finishedAt() == null ? "(进行中)" : times.text(r.finishedAt()), r.hostsOk(), r.hostsFailed(),
                            r.scheduleId() == null ? "手动" : r.scheduleId().substring(0, Math.min(8, r.scheduleId().length())),
                            Cells.plain(errors.length() > 300 ? errors.substring(0, 300) + "…" : errors));
                }
                out.flush();
                return 0;
            } catch (IllegalArgumentException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "run", description = "Scan the SSH targets of a group now (recorded as a manual run). Exit 1 when a host failed.")
    static final class Run implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        SshCliOptions ssh;
        @Spec
        CommandSpec spec;
        @Option(names = "--group", required = true, description = "Group to scan (\"*\" = every target).")
        String group;
        @Option(names = "--concurrency", defaultValue = "16", description = "Hosts scanned at once (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open();
                 SshScanExecutor executor = new SshScanExecutor(concurrency, ssh.sshOptions(), HostScanner.probes())) {
                TargetService targets = new TargetService(store.targets(), ssh.vault(storeOptions, false));
                long run = store.scanRuns().start(null, Instant.now());
                RunOutcome o = new GroupScanJob(targets, executor, new StoringScanSink(store, "ssh-manual",
                        new cn.dengbao.sentinel.checks.engine.RuleEngine(cn.dengbao.sentinel.checks.engine.RuleCatalog.builtIn(), cn.dengbao.sentinel.checks.engine.Profile.builtIn())), null)
                        .run(group, ScanKind.SSH);
                store.scanRuns().finish(run, Instant.now(), o.hostsOk(), o.hostsFailed(), o.errorsMap());
                out.printf("扫描 #%d: 成功 %d, 失败 %d%n", run, o.hostsOk(), o.hostsFailed());
                for (Map.Entry<String, String> e : o.errorsMap().entrySet()) {
                    out.printf("  %s: %s%n", Cells.plain(e.getKey()), Cells.plain(e.getValue()));
                }
                out.flush();
                return o.hostsFailed() == 0 ? 0 : 1;
            } catch (IllegalArgumentException | VaultException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }
}
