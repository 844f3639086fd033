package cn.dengbao.sentinel.probes.support;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.ProbeContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads for probes that distinguish "absent" (a fact, no error) from "could not look" (a collection error).
 */
public final class ProbeFiles {
    /** Configuration files are small; this keeps a hostile image from making the agent heavy. */
    public static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private ProbeFiles() {
    }

    /** The file's text, or empty when it does not exist; any other failure is recorded under {@code fact}. */
    public static Optional<String> readIfPresent(ProbeContext ctx, String fact, String path) {
        try {
            return Optional.of(text(ctx.access(), path));
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error(fact, e);
            }
            return Optional.empty();
        }
    }

    /** The file's text; every failure, including absence, is recorded under {@code fact}. */
    public static Optional<String> readRequired(ProbeContext ctx, String fact, String path) {
        try {
            return Optional.of(text(ctx.access(), path));
        } catch (AccessException e) {
            ctx.error(fact, e);
            return Optional.empty();
        }
    }

    public static String text(HostAccess access, String path) throws AccessException {
        return new String(access.read(path, MAX_CONFIG_BYTES), StandardCharsets.UTF_8);
    }

    /** Entries of a directory, or an empty list when it does not exist; other failures recorded. */
    public static List<String> listIfPresent(ProbeContext ctx, String fact, String dir) {
        try {
            return ctx.access().list(dir);
        } catch (AccessException e) {
            if (!e.notFound()) {
                ctx.error(fact, e);
            }
            return new ArrayList<>();
        }
    }

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
