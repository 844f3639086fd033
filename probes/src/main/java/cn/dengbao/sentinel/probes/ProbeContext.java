package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Source;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What a probe gets: the host access, a clock, and a place to record what could not be read. */
public final class ProbeContext {
    /** Excerpts are evidence, not copies of files: keep them short. */
    public static final int MAX_EXCERPT = 240;

    private final HostAccess access;
    private final Clock clock;
    private final List<CollectionError> errors = new ArrayList<>();

    public ProbeContext(HostAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    public HostAccess access() {
        return access;
    }

    public Clock clock() {
        return clock;
    }

    public void error(String fact, AccessException e) {
        error(fact, e.path(), e.kind(), e.getMessage());
    }

    public void error(String fact, String path, ErrorKind kind, String detail) {
        synchronized (errors) {
            errors.add(CollectionError.newBuilder()
                    .setFact(fact)
                    .setPath(path == null ? "" : path)
                    .setKind(kind)
                    .setDetail(detail == null ? "" : detail)
                    .build());
        }
    }

    public List<CollectionError> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    public static Source source(String path, int line, String excerpt) {
        return Source.newBuilder().setPath(path).setLine(line).setExcerpt(excerpt(excerpt)).build();
    }

    public static Source commandSource(String command, String excerpt) {
        return Source.newBuilder().setCommand(command).setExcerpt(excerpt(excerpt)).build();
    }

    public static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        return t.length() <= MAX_EXCERPT ? t : t.substring(0, MAX_EXCERPT) + "…";
    }
}
