package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.labels.Labels;
import static cn.dengbao.sentinel.collector.cli.ListFormat.iso;
import cn.dengbao.sentinel.collector.export.DiffXlsx;
import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.FindingEvent;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.ScanDiff;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code findings --host H}: a host's open findings with their lifecycle and decisions;
 * {@code findings diff}: what changed between two scans; {@code findings decide|revoke}: operator decisions;
 * {@code findings history}: one finding's status history.
 */
@Command(name = "findings", mixinStandardHelpOptions = true, description = "Findings of a host, scan diffs, operator decisions.",
        subcommands = {FindingsCommand.Diff.class, FindingsCommand.Decide.class, FindingsCommand.Revoke.class,
                FindingsCommand.History.class})
public final class FindingsCommand implements Callable<Integer> {
    enum Format { table, json, csv }

    enum DiffFormat { table, json, csv, xlsx }

    @Mixin
    StoreOptions storeOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name or id.")
    String host;
    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;
    @Option(names = "--all", description = "Include fixed findings, not only open ones.")
    boolean all;
    @Option(names = "--long", description = "Table format: one block per finding with its evidence (file:line), "
            + "remediation and decision (reason, who, when) from the latest scan.")
    boolean longFormat;

    @Override
    public Integer call() {
        if (host == null) {
            throw new CommandGroup.MissingSubcommandException(spec.commandLine(), "--host is required, or a subcommand: "
                    + String.join(", ", spec.commandLine().getSubcommands().keySet()));
        }
        return run(spec, storeOptions, store -> {
            Times times = storeOptions.times();
            Host h = resolve(store, host);
            List<FindingRecord> findings = all ? store.findings().all(h.id()) : store.findings().current(h.id());
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case json -> out.println(Json.write(Map.of("host", h.name(), "findings",
                        findings.stream().map(f -> json(f, times)).toList())));
                case csv -> {
                    out.println("host,rule_id,clause,title,status,risk,major_hazard,first_seen_at,opened_at,"
                            + "last_seen_at,fixed_at,open,decision,decision_reason,decision_by");
                    for (FindingRecord f : findings) {
                        out.println(Escaping.csvRow(Arrays.asList(h.name(), f.ruleId(), f.clause(), f.title(),
                                f.status().name(), f.risk().name(), String.valueOf(f.majorHazard()),
                                csvTime(times, f.firstSeenAt()), csvTime(times, f.openedAt()), csvTime(times, f.lastSeenAt()),
                                csvTime(times, f.fixedAt()), String.valueOf(f.open()),
                                f.decision() == null ? "" : f.decision().code(), f.decisionReason(),
                                f.decisionBy())));
                    }
                }
                case table -> {
                    out.printf("主机 %s: %s%d 项%n", PlainText.oneLine(h.name()), all ? "全部问题 " : "未整改问题 ",
                            findings.size());
                    if (longFormat) {
                        FindingsLong.print(out, store, h, findings, times);
                        return 0;
                    }
                    TextTable t = new TextTable("条款", "规则", "状态", "风险", "首次发现", "最近发现", "修复时间", "处置", "标题");
                    for (FindingRecord f : findings) {
                        t.row(f.clause(), f.ruleId(), Labels.status(f.status()),
                                Labels.risk(f.risk()) + (f.majorHazard() ? "(重大隐患)" : ""), times.text(f.firstSeenAt()),
                                times.text(f.lastSeenAt()), times.text(f.fixedAt()),
                                f.decision() == null ? "" : f.decision().label() + ": " + nn(f.decisionReason()),
                                f.title());
                    }
                    out.print(t);
                }
            }
            return 0;
        });
    }

    // ------------------------------------------------------------------ diff

    /** The scans compared. Without --from/--to: the host's two newest scans. */
    @Command(name = "diff", mixinStandardHelpOptions = true, description = "New, fixed and still-open findings between two scans "
            + "(default: the last two).")
    static final class Diff implements Callable<Integer> {
        static final class Target {
            @Option(names = "--host", required = true, paramLabel = "HOST") String host;
            @Option(names = "--group", required = true, paramLabel = "GROUP") String group;
        }

        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
        @Option(names = "--from", paramLabel = "SCAN", description = "Older scan id (with --host).")
        Long from;
        @Option(names = "--to", paramLabel = "SCAN", description = "Newer scan id (with --host).")
        Long to;
        @Option(names = "--format", defaultValue = "table", description = "table, json, csv or xlsx (with --out).")
        DiffFormat format;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the xlsx here (its directory must exist).")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            if ((format == DiffFormat.xlsx) != (out != null)) {
                throw new IllegalArgumentException("--format xlsx 与 --out 须一起给出 (--format xlsx and --out go together)");
            }
            if ((from == null) != (to == null)) {
                throw new IllegalArgumentException("--from 与 --to 须一起给出 (--from and --to go together)");
            }
            if (from != null && target.group != null) {
                throw new IllegalArgumentException("--from/--to 只能与 --host 一起使用 (--from/--to need --host, "
                        + "not --group)");
            }
            return run(spec, storeOptions, store -> {
                List<ScanDiff> diffs = new ArrayList<>();
                List<String> names = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                List<Host> hosts = target.host != null ? List.of(resolve(store, target.host))
                        : store.hosts().list(target.group);
                if (target.group != null && hosts.isEmpty()) {
                    throw new IllegalArgumentException("分组中没有主机 (no hosts in group): " + target.group);
                }
                for (Host h : hosts) {
                    Optional<ScanDiff> d = from != null ? Optional.of(store.findings().diff(h.id(), from, to))
                            : store.findings().diffLatest(h.id());
                    if (d.isPresent()) {
                        diffs.add(d.get());
                        names.add(h.name());
                    } else {
                        skipped.add(h.name());
                    }
                }
                if (target.host != null && diffs.isEmpty()) {
                    throw new IllegalArgumentException("主机 " + target.host + " 的扫描少于两次 (has fewer than two scans)");
                }
                if (format == DiffFormat.xlsx) {
                    cn.dengbao.sentinel.common.cli.OutputPaths.requireParentDirectory("--out", out);
                    try (java.io.OutputStream os = java.nio.file.Files.newOutputStream(out)) {
                        DiffXlsx.write(diffs, names, storeOptions.times(), os);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    spec.commandLine().getOut().printf("已写入 %s（%d 台主机）%n", PlainText.oneLine(out.toString()),
                            diffs.size());
                    return 0;
                }
                print(spec.commandLine().getOut(), diffs, names, skipped, storeOptions.times());
                return 0;
            });
        }

        private void print(PrintWriter out, List<ScanDiff> diffs, List<String> names, List<String> skipped,
                           Times times) {
            switch (format) {
                case json -> {
                    List<Object> hosts = new ArrayList<>();
                    for (int i = 0; i < diffs.size(); i++) {
                        ScanDiff d = diffs.get(i);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("host", names.get(i));
                        m.put("fromScan", d.from().id());
                        m.put("fromScannedAt", times.iso(d.from().scannedAt()));
                        m.put("toScan", d.to().id());
                        m.put("toScannedAt", times.iso(d.to().scannedAt()));
                        m.put("new", d.newlyFailing().stream().map(FindingsCommand::json).toList());
                        m.put("fixed", d.fixed().stream().map(FindingsCommand::json).toList());
                        m.put("stillOpen", d.stillOpen().stream().map(FindingsCommand::json).toList());
                        m.put("unverified", d.unverified().stream().map(FindingsCommand::json).toList());
                        hosts.add(m);
                    }
                    out.println(Json.write(Map.of("diffs", hosts, "skipped", skipped)));
                }
                case csv -> {
                    out.println("host,from_scan,to_scan,change,rule_id,clause,title,risk,from_status,to_status");
                    for (int i = 0; i < diffs.size(); i++) {
                        ScanDiff d = diffs.get(i);
                        String prefix = Escaping.csvField(names.get(i)) + "," + d.from().id() + "," + d.to().id() + ",";
                        csvRows(out, prefix, "new", d.newlyFailing());
                        csvRows(out, prefix, "fixed", d.fixed());
                        csvRows(out, prefix, "still_open", d.stillOpen());
                        csvRows(out, prefix, "unverified", d.unverified());
                    }
                }
                case table -> {
                    for (int i = 0; i < diffs.size(); i++) {
                        ScanDiff d = diffs.get(i);
                        out.printf("主机 %s: 扫描 #%d (%s) → #%d (%s)  新增 %d, 已修复 %d, 仍未整改 %d, 无法确认 %d%n",
                                PlainText.oneLine(names.get(i)), d.from().id(), times.text(d.from().scannedAt()),
                                d.to().id(), times.text(d.to().scannedAt()), d.newlyFailing().size(),
                                d.fixed().size(), d.stillOpen().size(), d.unverified().size());
                        TextTable t = new TextTable("变化", "条款", "规则", "风险", "之前", "现在", "标题");
                        addRows(t, "新增", d.newlyFailing());
                        addRows(t, "已修复", d.fixed());
                        addRows(t, "仍未整改", d.stillOpen());
                        addRows(t, "无法确认", d.unverified());
                        if (t.size() > 0) {
                            out.print(t);
                        }
                        out.println();
                    }
                    if (!skipped.isEmpty()) {
                        out.println("少于两次扫描，未比较: " + String.join(", ", skipped.stream().map(PlainText::oneLine).toList()));
                    }
                }
            }
        }

        private static void csvRows(PrintWriter out, String prefix, String change, List<ScanDiff.Entry> entries) {
            for (ScanDiff.Entry e : entries) {
                out.println(prefix + change + "," + Escaping.csvRow(Arrays.asList(e.ruleId(), e.clause(), e.title(),
                        e.risk().name(), name(e.fromStatus()), name(e.toStatus()))));
            }
        }

        private static void addRows(TextTable t, String change, List<ScanDiff.Entry> entries) {
            for (ScanDiff.Entry e : entries) {
                t.row(change, e.clause(), e.ruleId(), Labels.risk(e.risk()), Labels.status(e.fromStatus()),
                        Labels.status(e.toStatus()), e.title());
            }
        }
    }

    // ------------------------------------------------------------------ decisions

    @Command(name = "decide", mixinStandardHelpOptions = true, description = "Record an operator decision (accepted_risk or not_applicable) on a "
            + "host's rule. It stays until revoked and is written to the audit log.")
    static final class Decide implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Option(names = "--host", required = true, paramLabel = "HOST") String host;
        @Option(names = "--rule", required = true, paramLabel = "RULE") String rule;
        @Option(names = "--decision", required = true, paramLabel = "accepted_risk|not_applicable")
        String decision;
        @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;
        @Option(names = "--actor", paramLabel = "NAME", description = "Who decides (default: the OS user).")
        String actor;

        @Override
        public Integer call() {
            return run(spec, storeOptions, store -> {
                Decision d = Decision.parse(decision);
                Host h = resolve(store, host);
                FindingRecord f = store.findings().decide(h.id(), rule, d, reason, actorOr(actor));
                spec.commandLine().getOut().printf("已记录: 主机 %s 规则 %s (%s) → %s, 理由: %s%n",
                        PlainText.oneLine(h.name()), PlainText.oneLine(f.ruleId()), PlainText.oneLine(f.clause()),
                        d.label(), PlainText.oneLine(f.decisionReason()));
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraw an operator decision (audited).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Option(names = "--host", required = true, paramLabel = "HOST") String host;
        @Option(names = "--rule", required = true, paramLabel = "RULE") String rule;
        @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;
        @Option(names = "--actor", paramLabel = "NAME") String actor;

        @Override
        public Integer call() {
            return run(spec, storeOptions, store -> {
                Host h = resolve(store, host);
                if (!store.findings().revoke(h.id(), rule, reason, actorOr(actor))) {
                    throw new IllegalArgumentException("没有可撤销的处置决定 (no decision recorded for " + rule + " on "
                            + host + ")");
                }
                spec.commandLine().getOut().printf("已撤销: 主机 %s 规则 %s 的处置决定%n", PlainText.oneLine(h.name()),
                        PlainText.oneLine(rule));
                return 0;
            });
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Status history of one finding.")
    static final class History implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;
        @Option(names = "--host", required = true, paramLabel = "HOST") String host;
        @Option(names = "--rule", required = true, paramLabel = "RULE") String rule;

        @Override
        public Integer call() {
            return run(spec, storeOptions, store -> {
                Times times = storeOptions.times();
                Host h = resolve(store, host);
                PrintWriter out = spec.commandLine().getOut();
                List<FindingEvent> events = store.findings().history(h.id(), rule);
                if (format.json()) {
                    ListFormat.printJson(out, events, e -> json(h.name(), e));
                    return 0;
                }
                for (FindingEvent e : events) {
                    out.printf("%s\t%s\t%s → %s\t%s%s%n", times.text(e.at()), e.kind(), nz(e.fromStatus()),
                            nz(e.toStatus()), e.scanId() == null ? "" : "scan #" + e.scanId(),
                            e.actor() == null ? "" : " " + PlainText.oneLine(e.actor()) + ": " + PlainText.oneLine(e.detail()));
                }
                return 0;
            });
        }

        private static Map<String, Object> json(String host, FindingEvent e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("ruleId", e.ruleId());
            m.put("at", iso(e.at()));
            m.put("kind", e.kind());
            m.put("fromStatus", e.fromStatus());
            m.put("toStatus", e.toStatus());
            m.put("scanId", e.scanId());
            m.put("actor", e.actor());
            m.put("detail", e.detail());
            return m;
        }
    }

    // ------------------------------------------------------------------ shared

    @FunctionalInterface
    interface StoreWork {
        int run(Store store);
    }

    /** Opens the store and runs; errors go to the shared handler (exit 2). */
    static int run(CommandSpec spec, StoreOptions options, StoreWork work) {
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = options.open()) {
            return work.run(store);
        } finally {
            out.flush();
        }
    }

    static Host resolve(Store store, String idOrName) {
        return store.hosts().find(idOrName)
                .orElseThrow(() -> new IllegalArgumentException("未知主机 (unknown host " + idOrName + ")"));
    }

    static String actorOr(String actor) {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        String user = System.getProperty("user.name");
        return "cli:" + (user == null ? "unknown" : user);
    }

    static Map<String, Object> json(FindingRecord f, Times times) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", f.ruleId());
        m.put("clause", f.clause());
        m.put("title", f.title());
        m.put("status", f.status().name());
        m.put("risk", f.risk().name());
        m.put("majorHazard", f.majorHazard());
        m.put("firstSeenAt", times.iso(f.firstSeenAt()));
        m.put("openedAt", times.iso(f.openedAt()));
        m.put("lastSeenAt", times.iso(f.lastSeenAt()));
        m.put("fixedAt", times.iso(f.fixedAt()));
        m.put("open", f.open());
        m.put("reopenCount", f.reopenCount());
        m.put("decision", f.decision() == null ? null : f.decision().code());
        m.put("decisionReason", f.decisionReason());
        m.put("decisionBy", f.decisionBy());
        m.put("decisionAt", times.iso(f.decisionAt()));
        return m;
    }

    static Map<String, Object> json(ScanDiff.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", e.ruleId());
        m.put("clause", e.clause());
        m.put("title", e.title());
        m.put("risk", e.risk().name());
        m.put("fromStatus", e.fromStatus() == null ? null : e.fromStatus().name());
        m.put("toStatus", e.toStatus() == null ? null : e.toStatus().name());
        return m;
    }

    private static String csvTime(Times times, java.time.Instant t) {
        return t == null ? "" : times.iso(t);
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static String name(Status s) {
        return s == null ? "" : s.name();
    }

}
