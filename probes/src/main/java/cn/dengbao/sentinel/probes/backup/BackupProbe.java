package cn.dengbao.sentinel.probes.backup;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.ProductCatalog;
import cn.dengbao.sentinel.probes.system.Redactor;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.proto.Backup;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ScheduledJob;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every scheduled job (cron in all its places, systemd timers) with a guess whether it is a backup, and the
 * backup agents installed (backup-agents.yaml). Commands are redacted before they become evidence.
 */
public final class BackupProbe implements Probe {
    public static final String FACT = "backup";
    public static final String CATALOG = "backup-agents.yaml";
    static final int MAX_COMMAND = 512;
    /** Backup tools and words; matched on the command line of a job. */
    static final Pattern BACKUP_COMMAND = Pattern.compile("(?i)(?<![\\w-])(rsync|tar|borg|restic|mysqldump|mariadb-dump|mysqlpump|"
            + "pg_dump|pg_dumpall|pg_basebackup|xtrabackup|innobackupex|mariabackup|rman|bacula|bconsole|amanda|amdump|duplicity|"
            + "rsnapshot|rdiff-backup|mongodump|expdp|dmp|bak)(?![\\w-])|backup");
    /** In a cron.daily script's body only the unambiguous tools count: distro scripts mention "backup" for other things. */
    static final Pattern BACKUP_TOOL = Pattern.compile("(?<![\\w-])(rsync|borg|restic|mysqldump|mariadb-dump|pg_dump|pg_dumpall|"
            + "pg_basebackup|xtrabackup|innobackupex|mariabackup|rman|duplicity|rsnapshot|rdiff-backup|mongodump|expdp)(?![\\w-])");
    /**
     * Distribution housekeeping that copies package-manager metadata (Debian's dpkg-db-backup, /var/backups):
     * it says nothing about backing up the host's data, so it must not make a backup rule pass.
     */
    static final Pattern HOUSEKEEPING = Pattern.compile("dpkg-db-backup|/var/backups(?![\\w-])|/etc/cron\\.daily/(dpkg|passwd)$");
    private static final Pattern CRON_ENV = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*\\s*=.*");

    private final ProductCatalog catalog;

    public BackupProbe() {
        this(ProductCatalog.resource(CATALOG));
    }

    public BackupProbe(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every place cron reads jobs from (per-user spools are root-only directories), and the periodic scripts. */
    static final List<ProbePath> PATHS = List.of(read("/etc/crontab"), read("/etc/cron.d/*"),
            list("/var/spool/cron/crontabs"), read("/var/spool/cron/crontabs/*"), list("/var/spool/cron"), read("/var/spool/cron/*"),
            list("/etc/cron.hourly"), read("/etc/cron.hourly/*"), list("/etc/cron.daily"), read("/etc/cron.daily/*"),
            list("/etc/cron.weekly"), read("/etc/cron.weekly/*"), list("/etc/cron.monthly"), read("/etc/cron.monthly/*"));

    @Override
    public FactSection section() {
        return FactSection.SECTION_BACKUP;
    }

    @Override
    public List<ProbePath> paths() {
        return ProbePath.concat(PATHS, Systemd.PATHS, catalog.paths());
    }

    @Override
    public Set<FixedCommand> commands() {
        return ProductCatalog.commands();
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_PACKAGES, FactSection.SECTION_PROCESSES);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Backup.Builder out = Backup.newBuilder();
        crontab(ctx, "/etc/crontab", null, out);
        for (String path : ProbeFiles.glob(ctx, FACT, "/etc/cron.d/*")) {
            if (regular(ctx, path)) {
                crontab(ctx, path, null, out);
            }
        }
        for (String dir : new String[] {"/var/spool/cron/crontabs", "/var/spool/cron"}) {
            for (String user : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
                String path = ProbeFiles.join(dir, user);
                if (regular(ctx, path)) {
                    crontab(ctx, path, user, out);
                }
            }
        }
        for (String period : new String[] {"hourly", "daily", "weekly", "monthly"}) {
            String dir = "/etc/cron." + period;
            for (String name : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
                String path = ProbeFiles.join(dir, name);
                if (name.startsWith(".") || !regular(ctx, path)) {
                    continue;
                }
                String body = ProbeFiles.readIfPresent(ctx, FACT, path).orElse("");
                boolean backup = looksLikeBackup(name) || BACKUP_TOOL.matcher(body).find() && !HOUSEKEEPING.matcher(body).find();
                out.addJobs(ScheduledJob.newBuilder().setSchedule(period).setUser("root").setCommand(path)
                        .setLooksLikeBackup(backup).setSource(ProbeContext.source(path, 0, "cron." + period + " script " + name)));
            }
        }
        timers(ctx, out);
        out.addAllBackupAgents(catalog.detect(ctx, facts, FACT));
        facts.setBackup(out);
    }

    static boolean looksLikeBackup(String command) {
        return BACKUP_COMMAND.matcher(command).find() && !HOUSEKEEPING.matcher(command).find();
    }

    private static boolean regular(ProbeContext ctx, String path) {
        return ProbeFiles.stat(ctx.access(), path, true).map(FileStat::regularFile).orElse(false);
    }

    /** System crontabs carry a user field; per-user spool files do not ({@code user} given). */
    private static void crontab(ProbeContext ctx, String path, String user, Backup.Builder out) {
        Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
        if (text.isEmpty()) {
            return;
        }
        for (LogicalLine line : ConfigText.physicalLines(text.get())) {
            String t = line.text().strip();
            if (t.isEmpty() || t.startsWith("#") || CRON_ENV.matcher(t).matches()) {
                continue;
            }
            String[] f;
            String schedule;
            if (t.startsWith("@")) {
                f = t.split("\\s+", user == null ? 3 : 2);
                schedule = f[0];
                f = shift(f, 1);
            } else {
                f = t.split("\\s+", user == null ? 7 : 6);
                if (f.length < 6) {
                    continue;
                }
                schedule = String.join(" ", List.of(f).subList(0, 5));
                f = shift(f, 5);
            }
            String jobUser = user;
            if (user == null) {
                if (f.length < 2) {
                    continue;
                }
                jobUser = f[0];
                f = shift(f, 1);
            }
            if (f.length == 0) {
                continue;
            }
            String command = f[0];
            String redacted = Redactor.redact(command, MAX_COMMAND);
            out.addJobs(ScheduledJob.newBuilder().setSchedule(schedule).setUser(jobUser).setCommand(redacted)
                    .setLooksLikeBackup(looksLikeBackup(command))
                    .setSource(ProbeContext.source(path, line.number(), Redactor.redact(t))));
        }
    }

    private static String[] shift(String[] a, int n) {
        return n >= a.length ? new String[0] : java.util.Arrays.copyOfRange(a, n, a.length);
    }

    /** Timers enabled in a wants dir, with the ExecStart of the service they trigger. */
    private static void timers(ProbeContext ctx, Backup.Builder out) {
        Systemd systemd = Systemd.of(ctx, FACT);
        for (Systemd.Enablement e : systemd.enablementLinks().values()) {
            if (!e.unit().endsWith(".timer") || systemd.masked(e.unit())) {
                continue;
            }
            Optional<String> timerFile = systemd.unitFile(e.unit());
            String schedule = "";
            String serviceUnit = e.unit().substring(0, e.unit().length() - ".timer".length()) + ".service";
            if (timerFile.isPresent()) {
                List<LogicalLine> cal = systemd.unitValues(ctx, FACT, timerFile.get(), "Timer", "OnCalendar");
                List<LogicalLine> unit = systemd.unitValues(ctx, FACT, timerFile.get(), "Timer", "Unit");
                schedule = cal.isEmpty() ? firstTimerValue(ctx, systemd, timerFile.get()) : cal.get(0).text();
                if (!unit.isEmpty()) {
                    serviceUnit = unit.get(0).text();
                }
            }
            String command = "";
            String user = "root";
            String sourcePath = timerFile.orElse(e.source().getPath());
            int sourceLine = 0;
            Optional<String> serviceFile = systemd.unitFile(serviceUnit);
            if (serviceFile.isPresent()) {
                List<LogicalLine> exec = systemd.unitValues(ctx, FACT, serviceFile.get(), "Service", "ExecStart");
                List<LogicalLine> users = systemd.unitValues(ctx, FACT, serviceFile.get(), "Service", "User");
                if (!exec.isEmpty()) {
                    // several ExecStart lines run in order; "+", "-", "@", "!", ":" are systemd prefixes, not the command
                    command = String.join(" ; ", exec.stream().map(l -> l.text().replaceFirst("^[-+@!:]+", "")).toList());
                    sourcePath = serviceFile.get();
                    sourceLine = exec.get(0).number();
                }
                if (!users.isEmpty()) {
                    user = users.get(0).text();
                }
            }
            String redacted = Redactor.redact(command, MAX_COMMAND);
            out.addJobs(ScheduledJob.newBuilder().setSchedule(schedule).setUser(user).setCommand(redacted)
                    .setLooksLikeBackup(!HOUSEKEEPING.matcher(e.unit()).find() && (looksLikeBackup(command) || looksLikeBackup(e.unit())))
                    .setSource(ProbeContext.source(sourcePath, sourceLine, e.unit() + " → " + redacted)));
        }
    }

    private static String firstTimerValue(ProbeContext ctx, Systemd systemd, String timerFile) {
        for (String key : new String[] {"OnBootSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnActiveSec", "OnStartupSec"}) {
            List<LogicalLine> v = systemd.unitValues(ctx, FACT, timerFile, "Timer", key);
            if (!v.isEmpty()) {
                return key + "=" + v.get(0).text();
            }
        }
        return "";
    }
}
