package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FactSection;
import java.util.Set;

/**
 * Collects one fact section through a {@link cn.dengbao.sentinel.probes.access.HostAccess}. A probe only
 * records what it sees; it never judges. It must not throw for a missing or unreadable file: it records a
 * collection error through the context and carries on with what it could read.
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
}
