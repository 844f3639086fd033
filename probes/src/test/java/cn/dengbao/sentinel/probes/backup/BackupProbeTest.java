package cn.dengbao.sentinel.probes.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Backup;
import cn.dengbao.sentinel.proto.ScheduledJob;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupProbeTest {
    @TempDir
    Path dir;

    private static ScheduledJob job(Backup b, String commandPart) {
        return b.getJobsList().stream().filter(j -> j.getCommand().contains(commandPart)).findFirst().orElseThrow();
    }

    @Test
    void cronInAllPlacesWithRedaction() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/crontab", """
                SHELL=/bin/sh
                PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin
                # m h dom mon dow user  command
                17 *    * * *   root    cd / && run-parts --report /etc/cron.hourly
                30 2 * * * root mysqldump -uroot --password=S3cr3t! --all-databases | gzip > /backup/db.sql.gz
                """);
        a.files().file("/etc/cron.d/pgdump", "MAILTO=root\n0 3 * * 0 postgres pg_dump -Fc app > /srv/bak/app.dump\n@reboot root /usr/local/bin/warmup\n");
        a.files().file("/var/spool/cron/crontabs/alice", "# user crontab\n*/5 * * * * /home/alice/poll.sh token=abc123\n");
        a.files().file("/var/spool/cron/oracle", "0 1 * * * rman target / cmdfile=/home/oracle/full.rman\n");
        a.files().file("/etc/cron.daily/logrotate", "#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n");
        a.files().file("/etc/cron.daily/dpkg", "#!/bin/sh\n# backup the dpkg status file\ncp /var/lib/dpkg/status /var/backups/\n");
        a.files().file("/etc/cron.weekly/offsite", "#!/bin/sh\nrsync -a /data backup@10.0.0.9:/vault\n");
        Backup b = a.collect(new BackupProbe()).getBackup();

        ScheduledJob mysql = job(b, "mysqldump");
        assertEquals("root", mysql.getUser());
        assertEquals("30 2 * * *", mysql.getSchedule());
        assertTrue(mysql.getLooksLikeBackup());
        assertFalse(mysql.getCommand().contains("S3cr3t"));
        assertFalse(mysql.getSource().getExcerpt().contains("S3cr3t"));
        assertEquals(5, mysql.getSource().getLine());
        assertFalse(job(b, "run-parts").getLooksLikeBackup());

        ScheduledJob pg = job(b, "pg_dump");
        assertEquals("postgres", pg.getUser());
        assertTrue(pg.getLooksLikeBackup());
        ScheduledJob reboot = job(b, "warmup");
        assertEquals("@reboot", reboot.getSchedule());
        assertEquals("root", reboot.getUser());

        ScheduledJob alice = job(b, "poll.sh");
        assertEquals("alice", alice.getUser());
        assertFalse(alice.getCommand().contains("abc123"));
        ScheduledJob rman = job(b, "rman");
        assertEquals("oracle", rman.getUser());
        assertTrue(rman.getLooksLikeBackup());

        assertFalse(job(b, "/etc/cron.daily/logrotate").getLooksLikeBackup());
        assertFalse(job(b, "/etc/cron.daily/dpkg").getLooksLikeBackup(), "distro script that only mentions 'backup'");
        ScheduledJob offsite = job(b, "/etc/cron.weekly/offsite");
        assertTrue(offsite.getLooksLikeBackup());
        assertEquals("weekly", offsite.getSchedule());
        // the spool directory "crontabs" itself is not a user crontab
        assertTrue(b.getJobsList().stream().noneMatch(j -> j.getUser().equals("crontabs")));
    }

    @Test
    void systemdTimerWithServiceExecStartAndBackupAgent() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/systemd/system/nightly.timer", "[Unit]\nDescription=nightly\n[Timer]\nOnCalendar=*-*-* 01:30:00\nPersistent=true\n");
        a.files().file("/etc/systemd/system/nightly.service", "[Service]\nType=oneshot\nUser=backup\nExecStart=/usr/bin/restic backup /srv --password-file /etc/restic.pw\n");
        a.files().link("/etc/systemd/system/timers.target.wants/nightly.timer", "/etc/systemd/system/nightly.timer");
        a.files().file("/lib/systemd/system/fstrim.timer", "[Timer]\nOnCalendar=weekly\n");
        a.files().file("/lib/systemd/system/fstrim.service", "[Service]\nExecStart=/sbin/fstrim --listed-in /etc/fstab\n");
        a.files().link("/etc/systemd/system/timers.target.wants/fstrim.timer", "/lib/systemd/system/fstrim.timer");
        a.files().file("/usr/sbin/bacula-fd", "bin");
        // Debian's dpkg metadata backup and a multi-ExecStart unit with systemd prefixes
        a.files().file("/lib/systemd/system/dpkg-db-backup.timer", "[Timer]\nOnCalendar=daily\n");
        a.files().file("/lib/systemd/system/dpkg-db-backup.service", "[Service]\nExecStart=/usr/libexec/dpkg/dpkg-db-backup\n");
        a.files().link("/etc/systemd/system/timers.target.wants/dpkg-db-backup.timer", "/lib/systemd/system/dpkg-db-backup.timer");
        a.files().file("/lib/systemd/system/man-db.timer", "[Timer]\nOnCalendar=daily\n");
        a.files().file("/lib/systemd/system/man-db.service", "[Service]\nExecStart=+/usr/bin/install -d /var/cache/man\nExecStart=-/usr/bin/mandb --quiet\n");
        a.files().link("/etc/systemd/system/timers.target.wants/man-db.timer", "/lib/systemd/system/man-db.timer");
        Backup b = a.collect(new BackupProbe()).getBackup();
        ScheduledJob nightly = job(b, "restic");
        assertEquals("*-*-* 01:30:00", nightly.getSchedule());
        assertEquals("backup", nightly.getUser());
        assertTrue(nightly.getLooksLikeBackup());
        assertEquals("/etc/systemd/system/nightly.service", nightly.getSource().getPath());
        assertEquals(4, nightly.getSource().getLine());
        assertFalse(job(b, "fstrim").getLooksLikeBackup());
        assertFalse(job(b, "dpkg-db-backup").getLooksLikeBackup(), "package metadata housekeeping is not a data backup");
        assertEquals("/usr/bin/install -d /var/cache/man ; /usr/bin/mandb --quiet", job(b, "mandb").getCommand());
        assertEquals("bacula-client", b.getBackupAgents(0).getName());
        assertEquals("backup", b.getBackupAgents(0).getKind());
    }
}
