package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.ErrorKind;

/** Why a path or command could not be read; carries the kind recorded in the facts' collection errors. */
public final class AccessException extends Exception {
    private final ErrorKind kind;
    private final String path;

    public AccessException(ErrorKind kind, String path, String detail) {
        super(detail == null ? kind.name() + ": " + path : detail);
        this.kind = kind;
        this.path = path;
    }

    public AccessException(ErrorKind kind, String path, String detail, Throwable cause) {
        this(kind, path, detail);
        initCause(cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String path() {
        return path;
    }

    public boolean notFound() {
        return kind == ErrorKind.NOT_FOUND;
    }
}
