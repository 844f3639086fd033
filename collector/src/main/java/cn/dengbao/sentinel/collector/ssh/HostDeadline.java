package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.time.Duration;

/**
 * The per-host time limit of one SSH scan, shared by its file reads and commands, and the abort with which the scan
 * executor's watchdog cuts the session from another thread: every operation checks it before it starts, and a
 * blocked one fails with TIMEOUT once the session is cut.
 */
final class HostDeadline {
    private final long deadlineNanos;
    private final Duration hostTimeout;
    private final String targetName;
    private volatile boolean aborted;

    HostDeadline(long deadlineNanos, Duration hostTimeout, String targetName) {
        this.deadlineNanos = deadlineNanos;
        this.hostTimeout = hostTimeout;
        this.targetName = targetName;
    }

    long nanos() {
        return deadlineNanos;
    }

    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /** Fails with TIMEOUT when the session was cut or the host's time is up. */
    void check(String what) throws AccessException {
        if (aborted || System.nanoTime() > deadlineNanos) {
            throw timeout(what);
        }
    }

    AccessException timeout(String what) {
        return new AccessException(ErrorKind.TIMEOUT, what, message());
    }

    String message() {
        return "超过单主机扫描时限 " + hostTimeout.toSeconds() + " 秒 (per-host time limit), 目标 " + targetName;
    }

    /** A JSch timeout in milliseconds: at least 1 (0 would mean none). */
    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
