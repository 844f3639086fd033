package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.AccessMode;
import java.util.List;

/**
 * Read-only view of one host for the probes: the live host, an offline root directory, or a host over SSH.
 * Paths are absolute host paths ("/etc/shadow"); an implementation maps them (e.g. inside a root directory).
 * Every failure is an {@link AccessException} with a kind, so probes can tell "not there" from "could not look".
 */
public interface HostAccess extends AutoCloseable {

    /** Default cap on one file read; config files are small, and an agent must stay light. */
    int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    AccessMode mode();

    /** Reads a whole file, following links only while they stay inside the host (or root). */
    byte[] read(String path, int maxBytes) throws AccessException;

    default String readText(String path) throws AccessException {
        return new String(read(path, DEFAULT_MAX_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Names of the entries of a directory, sorted; never "." or "..". */
    List<String> list(String dir) throws AccessException;

    /** Metadata of a path; {@code followLinks=false} describes a link itself. */
    FileStat stat(String path, boolean followLinks) throws AccessException;

    default boolean exists(String path) {
        try {
            stat(path, true);
            return true;
        } catch (AccessException e) {
            return false;
        }
    }

    /** Runs one of the fixed read-only commands. There is deliberately no way to run anything else. */
    CommandResult run(FixedCommand command) throws AccessException;

    @Override
    default void close() {
    }
}
