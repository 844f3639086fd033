package cn.dengbao.sentinel.agent.collect;

import cn.dengbao.sentinel.agent.access.AccessException;
import cn.dengbao.sentinel.agent.access.CommandResult;
import cn.dengbao.sentinel.agent.access.FixedCommand;
import cn.dengbao.sentinel.agent.access.HostAccess;
import cn.dengbao.sentinel.agent.access.RootDirAccess;
import cn.dengbao.sentinel.agent.probe.Probe;
import cn.dengbao.sentinel.agent.probe.ProbeContext;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the probes over one host access and assembles the facts. A probe that fails unexpectedly costs its own
 * section (recorded as a collection error), never the whole collection.
 */
public final class FactsCollector {
    public static final String SCHEMA_VERSION = "1";
    public static final String AGENT_VERSION = "0.1.0";

    private final List<Probe> probes;
    private final Clock clock;

    public FactsCollector() {
        this(ProbeRegistry.all(), Clock.systemUTC());
    }

    public FactsCollector(List<Probe> probes, Clock clock) {
        this.probes = List.copyOf(probes);
        this.clock = clock;
    }

    /** Collects every section, or only {@code sections} when it is non-empty (UNSPECIFIED means all). */
    public Facts collect(HostAccess access, Collection<FactSection> sections) {
        long start = System.nanoTime();
        Set<FactSection> wanted = sections == null || sections.contains(FactSection.FACT_SECTION_UNSPECIFIED)
                ? Set.of() : Set.copyOf(sections);
        ProbeContext ctx = new ProbeContext(access, clock);
        Facts.Builder facts = Facts.newBuilder()
                .setSchemaVersion(SCHEMA_VERSION)
                .setReportId(UUID.randomUUID().toString());
        long collectedAt = clock.millis();
        for (Probe probe : probes) {
            if (!wanted.isEmpty() && !wanted.contains(probe.section())) {
                continue;
            }
            try {
                probe.collect(ctx, facts);
            } catch (RuntimeException e) {
                // a probe bug must not hide the other sections; the message names the probe, not file contents
                ctx.error(factKey(probe.section()), "", ErrorKind.IO_ERROR,
                        "probe " + probe.getClass().getSimpleName() + " failed: " + e.getClass().getSimpleName());
            }
        }
        HostInfo.Builder host = HostInfo.newBuilder()
                .setHostname(hostname(access))
                .setCollectedAtEpochMs(collectedAt)
                .setAccessMode(access.mode())
                .setAgentVersion(AGENT_VERSION)
                .setMachineId(firstLine(access, "/etc/machine-id"));
        if (access.mode() == AccessMode.ROOT && access instanceof RootDirAccess r) {
            host.setRootDir(r.root().toString());
        }
        host.setCollectionMillis((System.nanoTime() - start) / 1_000_000L);
        facts.setHost(host);
        facts.addAllCollectionErrors(ctx.errors());
        return facts.build();
    }

    /** "SECTION_LOGIN_LOCKOUT" → "login_lockout", the section's fact key prefix. */
    public static String factKey(FactSection section) {
        return section.name().replaceFirst("^SECTION_", "").toLowerCase(Locale.ROOT);
    }

    private static String hostname(HostAccess access) {
        String name = firstLine(access, "/etc/hostname");
        if (name.isEmpty() && access.mode() == AccessMode.LOCAL) {
            try {
                CommandResult r = access.run(FixedCommand.HOSTNAME);
                if (r.ok()) {
                    name = r.stdout().strip();
                }
            } catch (AccessException e) {
                // unknown hostname is not worth an error: the collector knows the host by its enrolment
            }
        }
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    private static String firstLine(HostAccess access, String path) {
        try {
            String text = new String(access.read(path, 4096), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t;
                }
            }
        } catch (AccessException e) {
            // absent: left empty
        }
        return "";
    }
}
