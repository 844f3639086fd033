package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.schedule.CronExpression;
import cn.dengbao.sentinel.collector.schedule.ScanKind;
import cn.dengbao.sentinel.collector.store.ScheduleRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.collector.time.Times;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code schedules add|list|remove}: recurring scans of a group, run by {@code serve}. */
@Command(name = "schedules", description = "Scheduled scans of a group (5-field cron, collector time zone).",
        subcommands = {SchedulesCommand.Add.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Remove.class})
public final class SchedulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", description = "Add a schedule, e.g. --group prod --cron \"0 2 * * *\" --kind ssh.")
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
            try {
                CronExpression c = CronExpression.parse(cron);
                ScanKind k = ScanKind.parse(kind);
                Times times = storeOptions.times();
                try (Store store = storeOptions.open()) {
                    ScheduleRecord s = store.schedules().create(group, c.toString(), k.dbValue());
                    store.audit().append(FindingsCommand.actorOr(actor), "schedule.add",
                            Map.of("id", s.id(), "group", group, "cron", c.toString(), "kind", k.dbValue()));
                    String next = c.next(ZonedDateTime.now(times.zone())).map(t -> times.text(t.toInstant()))
                            .orElse("(无)");
                    spec.commandLine().getOut().printf("已添加计划 %s: 分组 %s, cron \"%s\", 类型 %s, 下次运行 %s%n",
                            s.id(), Cells.plain(group), c, k.dbValue(), next);
                    return 0;
                }
            } catch (IllegalArgumentException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", description = "List schedules with their last and next run.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                Times times = storeOptions.times();
                out.printf("%-36s %-12s %-16s %-6s %-26s %-26s %s%n", "ID", "分组", "cron", "类型", "上次运行", "下次运行", "运行中");
                for (ScheduleRecord s : store.schedules().list()) {
                    String next;
                    try {
                        next = CronExpression.parse(s.cron()).next(ZonedDateTime.now(times.zone()))
                                .map(t -> times.text(t.toInstant())).orElse("-");
                    } catch (IllegalArgumentException e) {
                        next = "cron 无效";
                    }
                    out.printf("%-36s %-12s %-16s %-6s %-26s %-26s %s%n", s.id(), Cells.plain(s.group()), Cells.plain(s.cron()),
                            s.kind(), s.lastRunAt() == null ? "-" : times.text(s.lastRunAt()), next,
                            s.runningSince() == null ? "" : "since " + times.text(s.runningSince()));
                }
                out.flush();
                return 0;
            } catch (IllegalArgumentException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "remove", description = "Remove a schedule by id.")
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
                    spec.commandLine().getErr().println("error: 计划不存在: " + Cells.plain(id));
                    return 2;
                }
                store.audit().append(FindingsCommand.actorOr(actor), "schedule.remove", Map.of("id", id));
                spec.commandLine().getOut().println("已删除计划 " + Cells.plain(id));
                return 0;
            } catch (IllegalArgumentException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }
}
