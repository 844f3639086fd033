package cn.dengbao.sentinel.agent.daemon;

import cn.dengbao.sentinel.probes.support.YamlMaps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * agent.yaml:
 * <pre>
 * collector: collector.example.gov.cn:8443
 * collectors: [c1.example.gov.cn:8443, c2.example.gov.cn:8443]   # several collectors on one database: tried in
 *                                  # this order, the next one (after a jittered backoff) when a stream breaks;
 *                                  # overrides `collector`
 * stateDir: /var/lib/sentinel-agent
 * spool: { dir: /var/lib/sentinel-agent/spool, maxFiles: 200, maxBytes: 67108864 }
 * reportOnStart: true
 * heartbeatSeconds: 300
 * defaultIntervalSeconds: 86400
 * maxReportBytes: 8388608
 * </pre>
 */
public final class AgentConfig {
    public String collector = "127.0.0.1:8443";
    /**
     * Every collector sharing one database, as this agent reaches them (enrolment prints them); empty: just
     * {@link #collector}. The first is preferred; the agent moves on to the next when its stream breaks.
     */
    public List<String> collectors = new ArrayList<>();
    public String stateDir = "/var/lib/sentinel-agent";
    public SpoolConfig spool = new SpoolConfig();
    public boolean reportOnStart = true;
    public long heartbeatSeconds = 300;
    /** Used until the collector sends a schedule. */
    public long defaultIntervalSeconds = 86400;
    /** Reports sent but not yet acknowledged, per stream. */
    public int window = 4;
    /**
     * A report larger than this is set aside as a dead letter instead of being spooled and sent: the collector
     * refuses it anyway (the collector's limits.maxMessageBytes, 8 MiB by default; keep the two equal).
     */
    public long maxReportBytes = 8L * 1024 * 1024;

    private static final String ADDRESS = "[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}";

    public static final class SpoolConfig {
        public String dir;
        public int maxFiles = 200;
        public long maxBytes = 64L * 1024 * 1024;
    }

    /** The addresses to use, in order of preference: {@link #collectors}, or {@link #collector} alone. */
    public List<String> addresses() {
        return collectors == null || collectors.isEmpty() ? List.of(collector) : List.copyOf(collectors);
    }

    /** Where {@code enroll} keeps the collector list the collector gave at enrolment, one address a line. */
    public static final String ENROLLED_COLLECTORS = "collectors";

    /**
     * The daemon's configuration with the enrolment's collector list applied: when agent.yaml names no
     * {@code collectors}, the list the collector gave at enrolment (its {@link #collector} first if it is in it).
     * Addresses that are not host:port are ignored.
     */
    public AgentConfig withEnrolledCollectors() throws IOException {
        Path f = stateDirPath().resolve(ENROLLED_COLLECTORS);
        if ((collectors != null && !collectors.isEmpty()) || !Files.isRegularFile(f)) {
            return this;
        }
        List<String> list = new ArrayList<>();
        list.add(collector);
        for (String line : Files.readAllLines(f)) {
            String a = line.strip();
            if (a.matches(ADDRESS) && !list.contains(a) && list.size() < 64) {
                list.add(a);
            }
        }
        collectors = list;
        return this;
    }

    /** Keeps the collector list of an enrolment (nothing when it is empty). */
    public static void saveEnrolledCollectors(Path stateDir, List<String> addresses) throws IOException {
        List<String> valid = addresses.stream().filter(a -> a != null && a.matches(ADDRESS)).limit(64).toList();
        Path f = stateDir.resolve(ENROLLED_COLLECTORS);
        if (valid.isEmpty()) {
            Files.deleteIfExists(f);
            return;
        }
        Files.write(f, valid);
    }

    public Path stateDirPath() {
        return Path.of(stateDir);
    }

    public Path spoolDirPath() {
        return spool.dir == null || spool.dir.isBlank() ? stateDirPath().resolve("spool") : Path.of(spool.dir);
    }

    public static AgentConfig load(Path file) throws IOException {
        AgentConfig c = parse(Files.readString(file), file.toString());
        c.validate();
        return c;
    }

    /** Unknown keys are refused, as a misspelt setting (e.g. "colector") must not silently fall back to a default. */
    static AgentConfig parse(String yaml, String what) {
        Map<String, Object> m = YamlMaps.load(yaml, what);
        YamlMaps.onlyKeys(m, Set.of("collector", "collectors", "stateDir", "spool", "reportOnStart", "heartbeatSeconds",
                "defaultIntervalSeconds", "window", "maxReportBytes"), what);
        AgentConfig c = new AgentConfig();
        c.collector = YamlMaps.string(m, "collector", c.collector, what);
        c.collectors = new ArrayList<>(YamlMaps.strings(m, "collectors", what));
        c.stateDir = YamlMaps.string(m, "stateDir", c.stateDir, what);
        c.reportOnStart = YamlMaps.bool(m, "reportOnStart", c.reportOnStart, what);
        c.heartbeatSeconds = YamlMaps.integer(m, "heartbeatSeconds", c.heartbeatSeconds, what);
        c.defaultIntervalSeconds = YamlMaps.integer(m, "defaultIntervalSeconds", c.defaultIntervalSeconds, what);
        c.window = YamlMaps.smallInt(m, "window", c.window, what);
        c.maxReportBytes = YamlMaps.integer(m, "maxReportBytes", c.maxReportBytes, what);
        Map<String, Object> sp = YamlMaps.map(m.get("spool"), what + ": spool");
        YamlMaps.onlyKeys(sp, Set.of("dir", "maxFiles", "maxBytes"), what + ": spool");
        c.spool.dir = YamlMaps.string(sp, "dir", c.spool.dir, what);
        c.spool.maxFiles = YamlMaps.smallInt(sp, "maxFiles", c.spool.maxFiles, what);
        c.spool.maxBytes = YamlMaps.integer(sp, "maxBytes", c.spool.maxBytes, what);
        return c;
    }

    public void validate() {
        if (collector == null || !collector.matches(ADDRESS)) {
            throw new IllegalArgumentException("collector must be host:port, got: " + collector);
        }
        for (String a : collectors == null ? List.<String>of() : collectors) {
            if (a == null || !a.matches(ADDRESS)) {
                throw new IllegalArgumentException("collectors: each must be host:port, got: " + a);
            }
        }
        if (collectors != null && collectors.size() > 64) {
            throw new IllegalArgumentException("collectors: at most 64 addresses");
        }
        if (spool.maxFiles < 1 || spool.maxBytes < 1024) {
            throw new IllegalArgumentException("spool.maxFiles must be ≥ 1 and spool.maxBytes ≥ 1024");
        }
        if (maxReportBytes < 64 * 1024 || maxReportBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("maxReportBytes must be 64 KiB..64 MiB");
        }
        if (window < 1 || window > 64) {
            throw new IllegalArgumentException("window must be 1..64");
        }
        if (heartbeatSeconds < 10) {
            throw new IllegalArgumentException("heartbeatSeconds must be ≥ 10");
        }
    }
}
