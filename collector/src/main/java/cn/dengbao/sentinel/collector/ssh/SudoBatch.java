package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.support.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reading several root-only files with ONE {@code sudo -n cat -- a b c} instead of one sudo process each: sudo's
 * start-up (sudoers parse, PAM session, logging) is most of the cost of a privileged read on the target.
 * <p>
 * Framing: {@code cat} writes the files back to back; the boundaries come from each file's size taken with an
 * SFTP stat just before (metadata, never content, so no byte inside a file can be mistaken for a boundary). The
 * split is only trusted when {@code cat} succeeded, the stream is exactly the sum of the sizes, and a second stat
 * after the read shows the same sizes; anything else (a file changed, vanished, grew) falls back to one
 * {@code sudo -n cat} per file. Only {@code cat}, already allowed for sudo reads, is used: no shell, no new
 * sudoers entry.
 */
final class SudoBatch {

    /**
     * The files the probes read that only root may read on common distributions (shadow, sudoers, auditd's
     * configuration, sshd's on RHEL-likes): fetched together with the first file SFTP may not read. Derived from the
     * probes' declarations ({@link ProbePath#rootOnly()}), never listed here.
     */
    static final List<String> WELL_KNOWN = ProbeRegistry.paths().stream()
            .filter(p -> p.privileged() && !p.isGlob()).map(ProbePath::pattern).distinct().toList();

    /**
     * The root-only files the probes read by a name pattern in one directory ("/etc/sudoers.d/*",
     * "/etc/audit/rules.d/*.rules"): the matching entries SFTP can list are fetched too.
     */
    static final List<ProbePath> WELL_KNOWN_DIRS = ProbeRegistry.paths().stream()
            .filter(p -> p.privileged() && p.isGlob() && !Glob.hasWildcard(p.parent())).toList();

    /** Keeps one batch's command line and output small, whatever a target's directories hold. */
    static final int MAX_FILES = 64;
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024;
    static final int MAX_COMMAND_CHARS = 32 * 1024;

    /** One planned file and its size from the stat before the read. */
    record Planned(String path, long size) {
    }

    private SudoBatch() {
    }

    /**
     * Cuts {@code cat}'s output at the planned sizes; empty when the stream does not have exactly their sum (a file
     * changed between stat and read), in which case nothing of it may be used.
     */
    static Optional<List<byte[]>> split(byte[] stream, List<Planned> plan) {
        long total = 0;
        for (Planned p : plan) {
            if (p.size() < 0) {
                return Optional.empty();
            }
            total += p.size();
        }
        if (total != stream.length) {
            return Optional.empty();
        }
        List<byte[]> parts = new ArrayList<>(plan.size());
        int at = 0;
        for (Planned p : plan) {
            parts.add(Arrays.copyOfRange(stream, at, at + (int) p.size()));
            at += (int) p.size();
        }
        return Optional.of(parts);
    }
}
