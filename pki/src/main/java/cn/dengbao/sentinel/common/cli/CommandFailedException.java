package cn.dengbao.sentinel.common.cli;

/**
 * A command that cannot do its work for a reason it can explain (the collector does not start, the agent did not
 * enrol): {@link CliErrors} prints the message as {@code 错误：<message>} and exits 2. Bad user input is an
 * {@link IllegalArgumentException} instead.
 */
public class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
