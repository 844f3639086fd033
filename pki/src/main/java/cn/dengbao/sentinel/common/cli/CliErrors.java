package cn.dengbao.sentinel.common.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one error convention of sentinel-collector, sentinel-agent and sentinel-bench: every mistake — a bad option,
 * a missing file, input the command cannot use — prints {@code 错误：<message>} on the command's error writer and
 * exits {@value #USAGE}, never with a stack trace. Commands report bad input by throwing
 * {@link IllegalArgumentException} (or one of the input-error types the main registers), failures they can explain
 * by throwing {@link CommandFailedException}; files they cannot read or write ({@link IOException}) are described in
 * a line too. Anything else is a bug: one line
 * {@code 错误：内部错误 <class>: <message>}, the trace only with {@code SENTINEL_DEBUG=1}.
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Exit code of every usage or input error. */
    public static final int USAGE = 2;
    /** Environment variable that adds the stack trace to every error. */
    public static final String DEBUG_ENV = "SENTINEL_DEBUG";
    static final String PREFIX = "错误：";

    private final List<Class<? extends Throwable>> inputErrors;
    private final UnaryOperator<String> env;

    CliErrors(List<Class<? extends Throwable>> inputErrors, UnaryOperator<String> env) {
        this.inputErrors = List.copyOf(inputErrors);
        this.env = env;
    }

    /**
     * A command line for {@code root} with this convention installed. {@code inputErrors} are the exception types
     * of the program that mean "the user's input is wrong" (besides IllegalArgumentException and IOException):
     * their message is shown as is.
     */
    @SafeVarargs
    public static CommandLine commandLine(Object root, Class<? extends Throwable>... inputErrors) {
        return install(new CommandLine(root), System::getenv, inputErrors);
    }

    /** As {@link #commandLine}, with the environment given (tests). */
    @SafeVarargs
    static CommandLine install(CommandLine cli, UnaryOperator<String> env, Class<? extends Throwable>... inputErrors) {
        CliErrors handler = new CliErrors(List.of(inputErrors), env);
        cli.setExecutionExceptionHandler(handler);
        cli.setParameterExceptionHandler(handler);
        return cli;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable e = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (e instanceof ParameterException pe) {
            return handleParseException(pe, new String[0]);
        }
        String line = isInputError(e) ? describe(e) : "内部错误 " + e.getClass().getName() + ": " + firstLine(e.getMessage());
        err.println(PREFIX + line);
        trace(err, ex);
        err.flush();
        return USAGE;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + parseProblem(ex) + " (" + ex.getMessage() + ")");
        List<String> suggestions = ex instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
        if (!suggestions.isEmpty()) {
            err.println("您是不是要输入 (did you mean): " + String.join(" / ", suggestions));
        }
        if (ex instanceof MissingParameterException || ex instanceof CommandGroup.MissingSubcommandException) {
            // nothing was given that could be right: show what can be
            cmd.usage(err);
        } else {
            err.println("用法见 (usage): " + cmd.getCommandSpec().qualifiedName() + " --help");
        }
        trace(err, ex);
        err.flush();
        return USAGE;
    }

    private boolean isInputError(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof CommandFailedException) {
            return true;
        }
        return inputErrors.stream().anyMatch(c -> c.isInstance(e));
    }

    /** The message of an input error, with the file named for the JDK's terse file-system exceptions. */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException f) {
            String file = f.getFile() + (f.getOtherFile() == null ? "" : " → " + f.getOtherFile());
            String reason = f.getReason() == null ? "" : "：" + f.getReason();
            if (e instanceof NoSuchFileException) {
                return "文件或目录不存在 (no such file or directory): " + file;
            }
            if (e instanceof AccessDeniedException) {
                return "没有权限 (permission denied): " + file;
            }
            if (e instanceof FileAlreadyExistsException) {
                return "文件已存在 (file exists): " + file;
            }
            if (e instanceof NotDirectoryException) {
                return "不是目录 (not a directory): " + file;
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "目录不为空 (directory not empty): " + file;
            }
            return "文件操作失败 (file error): " + file + reason;
        }
        if (e instanceof IOException) {
            return "读写失败 (I/O error): " + firstLine(e.getMessage());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }

    private static String parseProblem(ParameterException ex) {
        if (ex instanceof CommandGroup.MissingSubcommandException) {
            return "缺少子命令";
        }
        if (ex instanceof MissingParameterException) {
            return "缺少必需的选项或参数";
        }
        if (ex instanceof UnmatchedArgumentException u) {
            return u.isUnknownOption() ? "未知选项" : "无法识别的参数或子命令";
        }
        return "命令行有误";
    }

    private void trace(PrintWriter err, Throwable ex) {
        if ("1".equals(env.apply(DEBUG_ENV))) {
            ex.printStackTrace(err);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
