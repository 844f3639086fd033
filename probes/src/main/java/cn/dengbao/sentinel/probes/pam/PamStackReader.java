package cn.dengbao.sentinel.probes.pam;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a service's effective PAM stack: {@code include} and {@code substack} pull in the lines of the named
 * service that have the same type, Debian's {@code @include} pulls in every line, recursively and in order.
 * A cycle or a depth over {@link #MAX_DEPTH} stops the expansion with a problem instead of looping.
 * Each entry's {@code included_from} names the stack whose include line pulled it in (the immediate includer:
 * "password-auth" for a system-auth line reached through sshd → password-auth → system-auth), empty for the
 * service's own lines; its source path names the file the line is in.
 * Used by the PAM probe and by the password and lockout probes (each reads PAM itself so a section can be
 * collected alone).
 */
public final class PamStackReader {
    public static final String PAM_DIR = "/etc/pam.d";
    static final int MAX_DEPTH = 16;
    /** The service files, and so every include that stays in the PAM directory. */
    public static final List<ProbePath> PATHS = List.of(ProbePath.read(PAM_DIR + "/*"));

    private final HostAccess access;
    private final Map<String, Object> files = new HashMap<>();  // service -> List<Line> or AccessException

    public PamStackReader(HostAccess access) {
        this.access = access;
    }

    public record Problem(String path, ErrorKind kind, String detail) {
    }

    /** {@code present} is false when the service's own file does not exist. */
    public record Result(boolean present, PamStack stack, List<Problem> problems) {
    }

    public Result read(String service) {
        List<Problem> problems = new ArrayList<>();
        PamStack.Builder stack = PamStack.newBuilder().setService(service);
        Object top = load(service);
        if (top instanceof AccessException e) {
            if (!e.notFound()) {
                problems.add(new Problem(e.path(), e.kind(), e.getMessage()));
            }
            return new Result(false, stack.build(), problems);
        }
        Deque<String> visiting = new ArrayDeque<>();
        expand(service, null, "", visiting, stack, problems);
        return new Result(true, stack.build(), problems);
    }

    /** Convenience for probes: reads a stack and records its problems under {@code fact}. */
    public Result read(String service, ProbeContext ctx, String fact) {
        Result r = read(service);
        for (Problem p : r.problems()) {
            ctx.error(fact, p.path(), p.kind(), p.detail());
        }
        return r;
    }

    private void expand(String service, String typeFilter, String includedFrom, Deque<String> visiting,
                        PamStack.Builder stack, List<Problem> problems) {
        String path = path(service);
        if (visiting.contains(service)) {
            problems.add(new Problem(path, ErrorKind.MALFORMED, "PAM include cycle: " + String.join(" -> ", visiting) + " -> " + service));
            return;
        }
        if (visiting.size() >= MAX_DEPTH) {
            problems.add(new Problem(path, ErrorKind.MALFORMED, "PAM includes nested deeper than " + MAX_DEPTH + " at " + service));
            return;
        }
        Object loaded = load(service);
        if (loaded instanceof AccessException e) {
            problems.add(new Problem(path, e.kind(), "included PAM file " + path + " (from "
                    + (visiting.isEmpty() ? "?" : visiting.peekLast()) + "): " + e.getMessage()));
            return;
        }
        @SuppressWarnings("unchecked")
        List<PamLineParser.Line> lines = (List<PamLineParser.Line>) loaded;
        visiting.addLast(service);
        for (PamLineParser.Line l : lines) {
            switch (l.kind()) {
                case MALFORMED -> problems.add(new Problem(path, ErrorKind.MALFORMED,
                        "unparsable PAM line " + l.number() + " in " + path + ": " + ProbeContext.excerpt(l.raw())));
                case AT_INCLUDE -> expand(l.module(), typeFilter, service, visiting, stack, problems);
                case INCLUDE, SUBSTACK -> {
                    if (typeFilter == null || typeFilter.equals(l.type())) {
                        expand(l.module(), l.type(), service, visiting, stack, problems);
                    }
                }
                case ENTRY -> {
                    if (typeFilter == null || typeFilter.equals(l.type())) {
                        stack.addEntries(entry(l, path, includedFrom));
                    }
                }
            }
        }
        visiting.removeLast();
    }

    private static PamEntry entry(PamLineParser.Line l, String path, String includedFrom) {
        PamEntry.Builder b = PamEntry.newBuilder()
                .setType(l.type()).setControl(l.control()).setModule(l.module())
                .addAllArgs(l.args()).setOptionalMissingOk(l.dashed())
                .setSource(ProbeContext.source(path, l.number(), l.raw()))
                .setIncludedFrom(includedFrom);
        for (String a : l.args()) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                b.putOptions(a.substring(0, eq), a.substring(eq + 1));
            } else {
                b.putOptions(a, "");
            }
        }
        return b.build();
    }

    static String path(String service) {
        return service.startsWith("/") ? service : ProbeFiles.join(PAM_DIR, service);
    }

    private Object load(String service) {
        return files.computeIfAbsent(service, s -> {
            try {
                return PamLineParser.parse(ProbeFiles.text(access, path(s)));
            } catch (AccessException e) {
                return e;
            }
        });
    }

    /** The entries of a stack with the given type whose module is one of {@code modules}, in stack order. */
    public static List<PamEntry> entries(PamStack stack, String type, java.util.Collection<String> modules) {
        List<PamEntry> out = new ArrayList<>();
        for (PamEntry e : stack.getEntriesList()) {
            if (e.getType().equals(type) && modules.contains(e.getModule())) {
                out.add(e);
            }
        }
        return out;
    }
}
