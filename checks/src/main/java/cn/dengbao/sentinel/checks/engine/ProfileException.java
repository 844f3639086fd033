package cn.dengbao.sentinel.checks.engine;

/** A profile is malformed or names a rule or parameter that does not exist. */
public final class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
