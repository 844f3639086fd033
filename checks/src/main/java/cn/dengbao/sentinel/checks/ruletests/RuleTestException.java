package cn.dengbao.sentinel.checks.ruletests;

/** A tests file that cannot be used: the one-line message names the file and, where it applies, the case. */
public final class RuleTestException extends RuntimeException {
    public RuleTestException(String message) {
        super(message);
    }

    public RuleTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
