package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.schedule.GroupScanJob;
import cn.dengbao.sentinel.collector.schedule.RunOutcome;
import cn.dengbao.sentinel.collector.schedule.ScanKind;
import cn.dengbao.sentinel.collector.schedule.StoringScanSink;
import cn.dengbao.sentinel.collector.ssh.HostScanner;
import cn.dengbao.sentinel.collector.ssh.SshScanExecutor;
import cn.dengbao.sentinel.collector.store.ScanRunRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.targets.TargetService;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scans list}: recorded scan runs (scheduled or manual); {@code scans run}: scan a group's SSH targets now. */
@Command(name = "scans", mixinStandardHelpOptions = true,
        description = "Scan runs: list recorded runs, or run an SSH scan of a group now.",
        subcommands = {ScansCommand.ListRuns.class, ScansCommand.Run.class})
public final class ScansCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Recorded scan runs, newest first: hosts ok / failed and why.")
    static final class ListRuns implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;
        @Option(names = "--limit", defaultValue = "20", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ScanRunRecord> runs;
            try (Store store = storeOptions.open()) {
                runs = store.scanRuns().list(limit);
            }
            if (format.json()) {
                ListFormat.printJson(out, runs, ListRuns::json);
                return 0;
            }
            Times times = storeOptions.times();
            TextTable t = new TextTable("ID", "开始", "结束", "成功", "失败", "计划", "错误/说明").maxWidth(6, 300);
            for (ScanRunRecord r : runs) {
                t.row(r.id(), times.text(r.startedAt()), r.finishedAt() == null ? "(进行中)" : times.text(r.finishedAt()),
                        r.hostsOk(), r.hostsFailed(),
                        r.scheduleId() == null ? "手动" : r.scheduleId().substring(0, Math.min(8, r.scheduleId().length())),
                        r.errorsJson());
            }
            out.print(t);
            out.flush();
            return 0;
        }

        private static Map<String, Object> json(ScanRunRecord r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("scheduleId", r.scheduleId());
            m.put("startedAt", ListFormat.iso(r.startedAt()));
            m.put("finishedAt", ListFormat.iso(r.finishedAt()));
            m.put("hostsOk", r.hostsOk());
            m.put("hostsFailed", r.hostsFailed());
            m.put("errors", ListFormat.parsed(r.errorsJson()));
            return m;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Scan the SSH targets of a group now (recorded as a manual run). Exit 1 when a host failed.")
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
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                if (!TargetService.hasTargets(store.targets(), group)) {
                    // a mistyped group would otherwise be a successful scan of nothing
                    throw new IllegalArgumentException("分组 " + PlainText.oneLine(group) + " 中没有 SSH 目标 (no SSH target in "
                            + "that group; see targets list)");
                }
                TargetService targets = new TargetService(store.targets(), ssh.vault(storeOptions, false));
                try (SshScanExecutor executor = new SshScanExecutor(concurrency, ssh.sshOptions(), HostScanner.probes())) {
                    long run = store.scanRuns().start(null, Instant.now());
                    RunOutcome o = new GroupScanJob(targets, executor, new StoringScanSink(store, "ssh-manual",
                            new cn.dengbao.sentinel.checks.engine.RuleEngine(cn.dengbao.sentinel.checks.engine.RuleCatalog.builtIn(), cn.dengbao.sentinel.checks.engine.Profile.builtIn())), null)
                            .run(group, ScanKind.SSH);
                    store.scanRuns().finish(run, Instant.now(), o.hostsOk(), o.hostsFailed(), o.errorsMap());
                    out.printf("扫描 #%d: 成功 %d, 失败 %d%n", run, o.hostsOk(), o.hostsFailed());
                    for (Map.Entry<String, String> e : o.errorsMap().entrySet()) {
                        out.printf("  %s: %s%n", PlainText.oneLine(e.getKey()), PlainText.oneLine(e.getValue()));
                    }
                    out.flush();
                    return o.hostsFailed() == 0 ? 0 : 1;
                }
            }
        }
    }
}
