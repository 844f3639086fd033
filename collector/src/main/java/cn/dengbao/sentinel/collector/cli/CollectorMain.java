package cn.dengbao.sentinel.collector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of sentinel-collector.jar. Exit codes: 0 ok, 1 findings present (with --fail-on), 2 usage or input error. */
@Command(name = "sentinel-collector",
        mixinStandardHelpOptions = true,
        version = "sentinel-collector 0.1.0",
        description = "等保哨兵 collector: evaluates host facts against GB/T 22239-2019 level-3 controls.",
        subcommands = {
                cn.dengbao.sentinel.collector.evaluate.EvaluateCommand.class,
                AuditCommand.class,
                FindingsCommand.class,
                TargetsCommand.class,
                SchedulesCommand.class,
                ScansCommand.class,
                cn.dengbao.sentinel.collector.score.ReportCommand.class,
                cn.dengbao.sentinel.collector.export.ExportCommand.class,
                cn.dengbao.sentinel.collector.signing.VerifyCommand.class,
                cn.dengbao.sentinel.collector.server.ServeCommand.class,
                cn.dengbao.sentinel.collector.server.TokenCommand.class,
                cn.dengbao.sentinel.collector.server.AgentsCommand.class,
                cn.dengbao.sentinel.collector.server.ScanCommand.class,
                cn.dengbao.sentinel.collector.server.DemoCommand.class})
public final class CollectorMain implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CollectorMain());
        // a command that meets bad options or input (unknown host, bad date, bad database options) throws
        // IllegalArgumentException: one place turns that into the usage exit code, with the message and no stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("错误：" + e.getMessage());
                commandLine.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
