package cn.dengbao.sentinel.agent.cli;

import cn.dengbao.sentinel.agent.enroll.EnrollmentException;
import cn.dengbao.sentinel.common.cli.CliErrors;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.security.GeneralSecurityException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of sentinel-agent.jar. Exit codes: 0 ok, 2 usage or input error. */
@Command(name = "sentinel-agent",
        mixinStandardHelpOptions = true,
        version = "sentinel-agent 0.1.0",
        description = "等保哨兵 agent: collects host configuration facts; never evaluates them.",
        subcommands = {
                CollectCommand.class,
                EnrollCommand.class,
                RunCommand.class})
public final class AgentMain extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command tree with the shared error convention; a refused or failed enrolment and unusable key or
     * certificate files are reported in one line.
     */
    public static CommandLine commandLine() {
        return CliErrors.commandLine(new AgentMain(), EnrollmentException.class, GeneralSecurityException.class);
    }
}
