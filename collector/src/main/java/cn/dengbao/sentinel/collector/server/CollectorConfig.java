package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.ingest.IngestLimits;
import cn.dengbao.sentinel.collector.ingest.SchedulePolicy;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.time.Times;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * collector.yaml:
 * <pre>
 * listen: 127.0.0.1:8443          # host:port; 0.0.0.0:8443 to accept agents from the network
 * dataDir: /var/lib/sentinel-collector
 * serverNames: [collector.example.gov.cn, 10.1.2.3]   # put into the server certificate
 * pki: { caKey: ..., caCert: ..., serverKey: ..., serverCert: ... }   # optional operator-supplied PEM files
 * database: { url: jdbc:postgresql://db/sentinel, user: sentinel, password: ... }   # default: embedded H2
 * collectors: [c1.example.gov.cn:8443, c2.example.gov.cn:8443]   # several collectors on one PostgreSQL: every one,
 *                                  # as agents reach them; told to agents at enrolment (they fail over along it)
 * limits: { maxMessageBytes: 8388608, maxReportsPerMinute: 30, maxStreams: 20000, ingestThreads: 8,
 *           ingestQueue: 2000, streamWindow: 8,
 *           evalCpuMillisPerMinute: 2000, evalCpuBurstMillis: 30000 }   # evaluation CPU per agent
 * schedule: { defaultIntervalSeconds: 86400, jitterShare: 0.1, groups: { web: 43200 } }
 * scheduler: { enabled: true, concurrency: 16, tickSeconds: 20, keyFile: /etc/sentinel-collector/vault.key,
 *              connectTimeoutSeconds: 10, hostTimeoutSeconds: 120 }   # `schedules add` runs (SSH + agent groups)
 * timeZone: Asia/Shanghai          # times shown in tables, exports, reports; cron schedules; default: the system's
 * </pre>
 */
public final class CollectorConfig {
    /** Read when no --config is given and the file exists. */
    public static final Path DEFAULT_FILE = Path.of("/etc/sentinel-collector/collector.yaml");

    public String listen = "127.0.0.1:8443";
    public String dataDir = "/var/lib/sentinel-collector";
    public List<String> serverNames = new ArrayList<>();
    public Pki pki = new Pki();
    public Database database = new Database();
    /**
     * Several collectors on one database: the address of each (this one included) as agents reach them, given to
     * every agent at enrolment. Empty: agents know only the collector they enrolled with.
     */
    public List<String> collectors = new ArrayList<>();
    public Limits limits = new Limits();
    public ScheduleConfig schedule = new ScheduleConfig();
    public SchedulerConfig scheduler = new SchedulerConfig();
    /** IANA zone id for every time shown (and for cron); null or blank: the system's zone. See {@link Times}. */
    public String timeZone;
    /** Vulnerability data older than this many days does not count: hosts of that stream are "not evaluated". */
    public int vulnFeedMaxAgeDays = 7;

    public java.time.Duration vulnFeedMaxAge() {
        if (vulnFeedMaxAgeDays < 1) {
            throw new IllegalArgumentException("vulnFeedMaxAgeDays 必须 ≥ 1 (must be at least 1): " + vulnFeedMaxAgeDays);
        }
        return java.time.Duration.ofDays(vulnFeedMaxAgeDays);
    }

    public static final class Pki {
        public String caKey;
        public String caCert;
        public String serverKey;
        public String serverCert;
    }

    public static final class Database {
        public String url;
        public String user;
        public String password;
    }

    public static final class Limits {
        public int maxMessageBytes = 8 * 1024 * 1024;
        public int maxReportsPerMinute = 30;
        public int maxStreams = 20_000;
        public int ingestThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        public int ingestQueue = 2_000;
        public int streamWindow = 8;
        public long evalCpuMillisPerMinute = IngestLimits.DEFAULT_EVAL_CPU_MILLIS_PER_MINUTE;
        public long evalCpuBurstMillis = IngestLimits.DEFAULT_EVAL_CPU_BURST_MILLIS;
    }

    public static final class ScheduleConfig {
        public long defaultIntervalSeconds = SchedulePolicy.DEFAULT_INTERVAL_SECONDS;
        public double jitterShare = SchedulePolicy.MIN_JITTER_SHARE;
        public Map<String, Long> groups = new LinkedHashMap<>();
    }

    /** The cron schedules ({@code schedules add}) run inside {@code serve}: SSH scans and agent-group scan requests. */
    public static final class SchedulerConfig {
        public boolean enabled = true;
        /** SSH hosts scanned at once. */
        public int concurrency = cn.dengbao.sentinel.collector.ssh.SshScanExecutor.DEFAULT_CONCURRENCY;
        /** How often due schedules are looked for; a minute-granular cron needs well under 60. */
        public double tickSeconds = cn.dengbao.sentinel.collector.schedule.ScheduledScans.TICK.toSeconds();
        /** Key sealing SSH credentials; default {@code <dataDir>/vault.key}, as the {@code targets} command uses. */
        public String keyFile;
        public int connectTimeoutSeconds = 10;
        public int hostTimeoutSeconds = 120;
    }

    /** The file's configuration if one is named, else the default file's if it exists, else the defaults. */
    public static CollectorConfig loadOrDefault(Path file) throws IOException {
        if (file != null) {
            return load(file);
        }
        if (Files.isRegularFile(DEFAULT_FILE)) {
            return load(DEFAULT_FILE);
        }
        return new CollectorConfig();
    }

    public static CollectorConfig load(Path file) throws IOException {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        CollectorConfig c = m.readValue(Files.readString(file), CollectorConfig.class);
        c.validate();
        return c;
    }

    public void validate() {
        host();
        int p = port();
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + listen);
        }
        if (limits.evalCpuMillisPerMinute < 100 || limits.evalCpuBurstMillis < 1000) {
            throw new IllegalArgumentException("limits.evalCpuMillisPerMinute must be ≥ 100 and limits.evalCpuBurstMillis ≥ 1000");
        }
        if (limits.maxMessageBytes < 64 * 1024 || limits.maxMessageBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("limits.maxMessageBytes must be 64 KiB..64 MiB");
        }
        if (limits.maxReportsPerMinute < 1 || limits.maxStreams < 1 || limits.ingestThreads < 1 || limits.ingestQueue < 1
                || limits.streamWindow < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        schedulePolicy();
        if (scheduler.concurrency < 1 || scheduler.concurrency > 1024) {
            throw new IllegalArgumentException("scheduler.concurrency must be 1..1024");
        }
        if (!(scheduler.tickSeconds >= 0.05 && scheduler.tickSeconds <= 59)) {
            throw new IllegalArgumentException("scheduler.tickSeconds must be 0.05..59");
        }
        if (scheduler.connectTimeoutSeconds < 1 || scheduler.hostTimeoutSeconds < 1) {
            throw new IllegalArgumentException("scheduler timeouts must be ≥ 1 second");
        }
        zone();
        for (String a : collectors == null ? List.<String>of() : collectors) {
            if (a == null || !a.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
                throw new IllegalArgumentException("collectors: each must be host:port, got: " + a);
            }
        }
    }

    /** The configured zone; the system's when none is set. An unknown id is an IllegalArgumentException. */
    public ZoneId zone() {
        return timeZone == null || timeZone.isBlank() ? ZoneId.systemDefault() : Times.parseZone(timeZone);
    }

    /** How this collector shows times. */
    public Times times() {
        return Times.of(zone());
    }

    public Path vaultKeyPath() {
        return scheduler.keyFile == null || scheduler.keyFile.isBlank() ? dataDirPath().resolve("vault.key")
                : Path.of(scheduler.keyFile);
    }

    public cn.dengbao.sentinel.collector.ssh.SshOptions sshOptions() {
        return cn.dengbao.sentinel.collector.ssh.SshOptions.defaults()
                .withConnectTimeout(java.time.Duration.ofSeconds(scheduler.connectTimeoutSeconds))
                .withHostTimeout(java.time.Duration.ofSeconds(scheduler.hostTimeoutSeconds));
    }

    public java.time.Duration schedulerTick() {
        return java.time.Duration.ofMillis(Math.round(scheduler.tickSeconds * 1000));
    }

    public String host() {
        int i = listen == null ? -1 : listen.lastIndexOf(':');
        if (i <= 0) {
            throw new IllegalArgumentException("listen must be host:port, got: " + listen);
        }
        String h = listen.substring(0, i);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public int port() {
        try {
            return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen must be host:port, got: " + listen);
        }
    }

    public Path dataDirPath() {
        return Path.of(dataDir);
    }

    public IngestLimits ingestLimits() {
        return new IngestLimits(limits.maxMessageBytes, limits.maxReportsPerMinute, limits.maxStreams,
                limits.ingestThreads, limits.ingestQueue, limits.streamWindow, limits.evalCpuMillisPerMinute,
                limits.evalCpuBurstMillis);
    }

    public SchedulePolicy schedulePolicy() {
        return new SchedulePolicy(schedule.defaultIntervalSeconds, schedule.groups, schedule.jitterShare);
    }

    public CertificateAuthority.Paths pkiPaths() {
        CertificateAuthority.Paths d = CertificateAuthority.Paths.under(dataDirPath());
        return new CertificateAuthority.Paths(
                pki.caKey == null ? d.caKey() : Path.of(pki.caKey),
                pki.caCert == null ? d.caCert() : Path.of(pki.caCert),
                pki.serverKey == null ? d.serverKey() : Path.of(pki.serverKey),
                pki.serverCert == null ? d.serverCert() : Path.of(pki.serverCert));
    }

    public List<String> serverNamesWithDefaults() {
        List<String> names = new ArrayList<>(serverNames);
        String h = host();
        if (!h.equals("0.0.0.0") && !h.equals("::") && !names.contains(h)) {
            names.add(h);
        }
        return CertificateAuthority.defaultServerNames(names);
    }
}
