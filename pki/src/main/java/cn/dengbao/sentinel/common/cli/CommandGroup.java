package cn.dengbao.sentinel.common.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code targets}, {@code agents}, the mains themselves): run without one,
 * it is a usage error — {@link CliErrors} prints {@code 错误：缺少子命令} and the usage on stderr, exit 2.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw new MissingSubcommandException(spec.commandLine());
    }

    /** No subcommand given to a group (or to a command that needs either its options or a subcommand). */
    public static final class MissingSubcommandException extends ParameterException {
        private static final long serialVersionUID = 1L;

        public MissingSubcommandException(CommandLine commandLine) {
            this(commandLine, "missing subcommand: one of " + String.join(", ", commandLine.getSubcommands().keySet()));
        }

        public MissingSubcommandException(CommandLine commandLine, String message) {
            super(commandLine, message);
        }
    }
}
