package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.engine.ProfileException;
import cn.dengbao.sentinel.checks.engine.RuleLoadException;
import cn.dengbao.sentinel.checks.ruletests.RuleTestException;
import cn.dengbao.sentinel.collector.credentials.VaultException;
import cn.dengbao.sentinel.collector.evaluate.FactsFile;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.common.cli.CliErrors;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.security.GeneralSecurityException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of sentinel-collector.jar. Exit codes: 0 ok, 1 findings present (with --fail-on), 2 usage or input error. */
@Command(name = "sentinel-collector",
        mixinStandardHelpOptions = true,
        version = "sentinel-collector 0.1.0",
        description = "等保哨兵 collector: evaluates host facts against GB/T 22239-2019 level-3 controls.",
        subcommands = {
                EvaluateCommand.class,
                AuditCommand.class,
                FindingsCommand.class,
                TargetsCommand.class,
                SchedulesCommand.class,
                ScansCommand.class,
                ReportCommand.class,
                ExportCommand.class,
                VerifyCommand.class,
                VulnsCommand.class,
                ServeCommand.class,
                TokenCommand.class,
                AgentsCommand.class,
                ScanCommand.class,
                RulesCommand.class,
                DemoCommand.class})
public final class CollectorMain extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command tree with the shared error convention: besides bad options (IllegalArgumentException) and
     * unreadable files, a store that cannot open, a credentials key that does not fit, an unreadable facts,
     * profile, rule or rule-tests file and an unusable key or certificate are the user's input, reported in one line.
     */
    public static CommandLine commandLine() {
        return CliErrors.commandLine(new CollectorMain(), StoreException.class, VaultException.class,
                FactsFile.InvalidFactsException.class, ProfileException.class, RuleLoadException.class, RuleTestException.class,
                GeneralSecurityException.class);
    }
}
