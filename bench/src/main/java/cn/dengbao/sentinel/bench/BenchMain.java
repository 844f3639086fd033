package cn.dengbao.sentinel.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of sentinel-bench.jar: the load generators, kept out of the product jars. Exit codes as the
 * collector's: 0 ok, 2 usage or input error.
 */
@Command(name = "sentinel-bench",
        mixinStandardHelpOptions = true,
        version = "sentinel-bench 0.1.0",
        description = "等保哨兵 benchmarks: ingest over mutual TLS, agentless SSH scans, exports.",
        subcommands = {BenchIngestCommand.class, BenchSshCommand.class, BenchExportCommand.class})
public final class BenchMain implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println(e.getMessage());
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
