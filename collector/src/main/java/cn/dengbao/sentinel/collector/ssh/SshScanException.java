package cn.dengbao.sentinel.collector.ssh;

/** A target could not be scanned at all (before any file was read). The message is operator-facing, no secrets. */
public class SshScanException extends Exception {

    public enum Reason { CONNECT, TIMEOUT, HOST_KEY, AUTH, CREDENTIAL, PROTOCOL }

    private final Reason reason;

    public SshScanException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SshScanException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
