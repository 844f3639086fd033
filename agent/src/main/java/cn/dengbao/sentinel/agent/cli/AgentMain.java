package cn.dengbao.sentinel.agent.cli;

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
public final class AgentMain implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return new CommandLine(new AgentMain()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
