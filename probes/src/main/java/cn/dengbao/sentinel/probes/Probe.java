package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Collects one fact section through a {@link cn.dengbao.sentinel.probes.access.HostAccess}. A probe only
 * records what it sees; it never judges. It must not throw for a missing or unreadable file: it records a
 * collection error through the context and carries on with what it could read.
 *
 * <p>A probe declares what it touches ({@link #paths()}, {@link #commands()}): the SSH scan fetches root-only files
 * in one sudo batch from these declarations, and a test runs every probe over a full root and fails on any path or
 * command it uses without declaring it.
 */
public interface Probe {

    /** The section this probe fills, used when the collector asks for selected sections only. */
    FactSection section();

    void collect(ProbeContext context, Facts.Builder facts);

    /**
     * Sections this probe reads from {@code facts} (e.g. the running kernel from {@code os}). Probes run
     * concurrently: a probe sees a section only when it declares it here, and then runs after the probe that
     * fills it. Everything else in {@code facts} is empty while it runs.
     */
    default Set<FactSection> reads() {
        return Set.of();
    }

    /**
     * The files, directories and globs this probe reads, lists or stats, as host paths, on a conventionally laid
     * out host (includes that a host's own configuration points elsewhere are followed, but cannot be declared).
     */
    List<ProbePath> paths();

    /** The fixed commands this probe may run, on any access mode (most run none; a test catches one left out). */
    default Set<FixedCommand> commands() {
        return Set.of();
    }

    /** The union of several command sets: a probe's own and those of the shared readers it uses. */
    @SafeVarargs
    static Set<FixedCommand> union(Set<FixedCommand>... parts) {
        Set<FixedCommand> all = EnumSet.noneOf(FixedCommand.class);
        for (Set<FixedCommand> p : parts) {
            all.addAll(p);
        }
        return Collections.unmodifiableSet(all);
    }
}
