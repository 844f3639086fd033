package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.common.cli.CliErrors;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.security.GeneralSecurityException;
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
        subcommands = {BenchIngestCommand.class, BenchStormCommand.class, BenchSshCommand.class, BenchExportCommand.class,
            BenchVulnsCommand.class})
public final class BenchMain extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with the shared error convention (a database that cannot open is the user's input). */
    public static CommandLine commandLine() {
        return CliErrors.commandLine(new BenchMain(), StoreException.class, GeneralSecurityException.class);
    }
}
