package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.schedule.CronExpression;
import cn.dengbao.sentinel.collector.schedule.ScanKind;
import cn.dengbao.sentinel.collector.store.ScheduleRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code schedules add|list|remove}: recurring scans of a group, run by {@code serve}. */
@Command(name = "schedules", mixinStandardHelpOptions = true, description = "Scheduled scans of a group (5-field cron, collector time zone).",
        subcommands = {SchedulesCommand.Add.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Remove.class})
public final class SchedulesCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a schedule, e.g. --group prod --cron \"0 2 * * *\" --kind ssh.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Option(names = "--group", required = true, description = "Group to scan (\"*\" = every target).")
        String group;
        @Option(names = "--cron", required = true, description = "minute hour day-of-month month day-of-week.")
        String cron;
        @Option(names = "--kind", defaultValue = "ssh", description = "ssh, agent or all (default: ${DEFAULT-VALUE}).")
        String kind;
        @Option(names = "--actor", paramLabel = "NAME")
        String actor;

        @Override
        public Integer call() {
            CronExpression c = CronExpression.parse(cron);
            ScanKind k = ScanKind.parse(kind);
            Times times = storeOptions.times();
            try (Store store = storeOptions.open()) {
                ScheduleRecord s = store.schedules().create(group, c.toString(), k.dbValue());
                store.audit().append(FindingsCommand.actorOr(actor), "schedule.add",
                        Map.of("id", s.id(), "group", group, "cron", c.toString(), "kind", k.dbValue()));
                String next = c.next(ZonedDateTime.now(times.zone())).map(t -> times.text(t.toInstant())).orElse("(无)");
                spec.commandLine().getOut().printf("已添加计划 %s: 分组 %s, cron \"%s\", 类型 %s, 下次运行 %s%n",
                        s.id(), PlainText.oneLine(group), c, k.dbValue(), next);
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules with their last and next run.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ScheduleRecord> schedules;
            try (Store store = storeOptions.open()) {
                schedules = store.schedules().list();
            }
            Times times = storeOptions.times();
            if (format.json()) {
                ListFormat.printJson(out, schedules, s -> json(s, times.zone()));
                return 0;
            }
            TextTable table = new TextTable("ID", "分组", "cron", "类型", "上次运行", "下次运行", "运行中");
            for (ScheduleRecord s : schedules) {
                String next;
                try {
                    next = nextRun(s, times.zone()).map(times::text).orElse("-");
                } catch (IllegalArgumentException e) {
                    next = "cron 无效";
                }
                table.row(s.id(), s.group(), s.cron(), s.kind(), s.lastRunAt() == null ? "-" : times.text(s.lastRunAt()),
                        next, s.runningSince() == null ? "" : "since " + times.text(s.runningSince()));
            }
            out.print(table);
            out.flush();
            return 0;
        }

        /** The next run as the scheduler computes it: cron fields are read in the collector's time zone. */
        private static Optional<Instant> nextRun(ScheduleRecord s, ZoneId zone) {
            return CronExpression.parse(s.cron()).next(ZonedDateTime.now(zone))
                    .map(ZonedDateTime::toInstant);
        }

        private static Map<String, Object> json(ScheduleRecord s, ZoneId zone) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("group", s.group());
            m.put("cron", s.cron());
            m.put("kind", s.kind());
            m.put("createdAt", ListFormat.iso(s.createdAt()));
            m.put("lastRunAt", ListFormat.iso(s.lastRunAt()));
            Instant next;
            try {
                next = nextRun(s, zone).orElse(null);
            } catch (IllegalArgumentException e) {
                next = null; // a cron that no longer parses: the table says so
            }
            m.put("nextRunAt", ListFormat.iso(next));
            m.put("runningSince", ListFormat.iso(s.runningSince()));
            return m;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule by id.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--actor", paramLabel = "NAME")
        String actor;

        @Override
        public Integer call() {
            try (Store store = storeOptions.open()) {
                if (!store.schedules().delete(id)) {
                    throw new IllegalArgumentException("计划不存在 (no such schedule): " + PlainText.oneLine(id));
                }
                store.audit().append(FindingsCommand.actorOr(actor), "schedule.remove", Map.of("id", id));
                spec.commandLine().getOut().println("已删除计划 " + PlainText.oneLine(id));
                return 0;
            }
        }
    }
}
