package cn.dengbao.sentinel.checks.engine;

/** A rule file (or the index naming it) is unusable; the message names the file and, for CEL, the expression. */
public final class RuleLoadException extends RuntimeException {
    public RuleLoadException(String message) {
        super(message);
    }

    public RuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
