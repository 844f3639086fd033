package cn.dengbao.sentinel.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.RecordingAccess;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every probe declares what it touches ({@link Probe#paths()}, {@link Probe#commands()}), and the SSH scan's sudo
 * batch is derived from that. So every probe runs here over full Debian-like and RHEL-like roots, in every access
 * mode, through an access that records each path and command; one it uses without declaring fails the test.
 */
class ProbeDeclarationsTest {

    private static final List<String> HOSTS = List.of("debian", "rhel", "centos7", "upstart", "empty");

    static Stream<Arguments> hostsAndModes() {
        return HOSTS.stream().flatMap(h -> Stream.of(AccessMode.ROOT, AccessMode.LOCAL, AccessMode.SSH)
                .map(m -> Arguments.of(h, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostsAndModes")
    void everyPathAndCommandAProbeUsesIsDeclared(String host, AccessMode mode, @TempDir Path dir) {
        TestRoot root = host(host, dir);
        List<String> undeclared = new ArrayList<>();
        for (Probe probe : ProbeRegistry.all()) {
            undeclared.addAll(undeclared(probe, run(probe, root, mode)));
        }
        assertEquals(List.of(), undeclared, "used but not declared (add them to the probe's paths()/commands())");
    }

    /**
     * The other way round: a declaration that no probe uses on any host is a typo or a leftover (and would batch a
     * wrong file). Shared readers (systemd, the package database) are declared by every probe that uses them, though
     * a given probe may need only part of them, so a declaration counts as used when any probe uses it.
     */
    @Test
    void everyDeclarationIsUsedOnSomeHost(@TempDir Path dir) {
        List<TestRoot> roots = HOSTS.stream().map(h -> host(h, dir.resolve(h))).toList();
        List<RecordingAccess.Use> uses = new ArrayList<>();
        Set<FixedCommand> commands = EnumSet.noneOf(FixedCommand.class);
        for (Probe probe : ProbeRegistry.all()) {
            for (TestRoot root : roots) {
                for (AccessMode mode : List.of(AccessMode.ROOT, AccessMode.LOCAL, AccessMode.SSH)) {
                    RecordingAccess rec = run(probe, root, mode);
                    uses.addAll(rec.uses());
                    commands.addAll(rec.commands());
                }
            }
        }
        List<String> unused = new ArrayList<>();
        for (Probe probe : ProbeRegistry.all()) {
            for (ProbePath d : probe.paths()) {
                if (uses.stream().noneMatch(u -> d.covers(u.use(), u.path()) && (d.isGlob() || u.path().equals(d.pattern())))) {
                    unused.add(d + " (in " + probe.getClass().getSimpleName() + ")");
                }
            }
        }
        assertEquals(List.of(), unused);
        assertEquals(ProbeRegistry.commands().stream().filter(c -> c != FixedCommand.HOSTNAME).collect(Collectors.toSet()), commands,
                "every declared command is run on some host");
    }

    private static TestRoot host(String name, Path dir) {
        return switch (name) {
            case "debian" -> debianLike(new TestRoot(dir));
            case "rhel" -> rhelLike(new TestRoot(dir));
            // before systemd: upstart jobs and SysV runlevel links
            case "upstart" -> new TestRoot(dir).file("/sbin/initctl", "").file("/etc/init/ssh.conf", "start on runlevel [2345]\n")
                    .file("/etc/inittab", "id:3:initdefault:\n").link("/etc/rc2.d/S20ssh", "../init.d/ssh").file("/etc/init.d/ssh", "");
            // CentOS 7: BerkeleyDB Packages in /var/lib/rpm, no /usr/lib/sysimage/rpm
            case "centos7" -> new TestRoot(dir).file("/etc/os-release", "NAME=\"CentOS Linux\"\nID=\"centos\"\nVERSION_ID=\"7\"\n")
                    .file("/var/lib/rpm/Packages", "");
            default -> new TestRoot(dir);
        };
    }

    private static RecordingAccess run(Probe probe, TestRoot root, AccessMode mode) {
        RecordingAccess rec = new RecordingAccess(answering(new TestHost(root, mode)));
        probe.collect(new ProbeContext(rec, TestHost.CLOCK), Facts.newBuilder());
        return rec;
    }

    /** The collector's own host header is declared too (it is part of what an SSH scan reads). */
    @Test
    void theCollectorsHostHeaderIsDeclared(@TempDir Path dir) {
        RecordingAccess rec = new RecordingAccess(answering(new TestHost(debianLike(new TestRoot(dir)), AccessMode.LOCAL)));
        new FactsCollector(List.of(), TestHost.CLOCK).collect(rec, List.of());
        for (RecordingAccess.Use u : rec.uses()) {
            assertTrue(FactsCollector.HOST_PATHS.stream().anyMatch(d -> d.covers(u.use(), u.path())), u.toString());
        }
        assertTrue(FactsCollector.HOST_COMMANDS.containsAll(rec.commands()), rec.commands().toString());
        assertTrue(ProbeRegistry.paths().containsAll(FactsCollector.HOST_PATHS));
        assertTrue(ProbeRegistry.commands().containsAll(FactsCollector.HOST_COMMANDS));
    }

    /** The check itself: a probe that reads, lists or runs what it did not declare is caught. */
    @Test
    void anUndeclaredUseIsCaught(@TempDir Path dir) {
        Probe sloppy = new Probe() {
            @Override
            public FactSection section() {
                return FactSection.SECTION_OS;
            }

            @Override
            public void collect(ProbeContext ctx, Facts.Builder facts) {
                cn.dengbao.sentinel.probes.support.ProbeFiles.readIfPresent(ctx, "os", "/etc/os-release");
                cn.dengbao.sentinel.probes.support.ProbeFiles.readIfPresent(ctx, "os", "/etc/issue");
                cn.dengbao.sentinel.probes.support.ProbeFiles.listIfPresent(ctx, "os", "/etc/pam.d");
                cn.dengbao.sentinel.probes.os.OsProbe.runningKernel(ctx);
            }

            @Override
            public List<ProbePath> paths() {
                return List.of(ProbePath.read("/etc/os-release"), ProbePath.stat("/etc/pam.d/*"));
            }
        };
        RecordingAccess rec = new RecordingAccess(answering(new TestHost(debianLike(new TestRoot(dir)), AccessMode.SSH)));
        sloppy.collect(new ProbeContext(rec, TestHost.CLOCK), Facts.newBuilder());
        // the listing of /etc/pam.d is covered: a glob below it is declared, and expanding it lists the directory
        assertEquals(List.of("READ /etc/issue (in " + sloppy.getClass().getSimpleName() + ")",
                "command UNAME_R (in " + sloppy.getClass().getSimpleName() + ")"), undeclared(sloppy, rec));
    }

    @Test
    void rootOnlyIsAPropertyOfReads() {
        for (ProbePath p : ProbeRegistry.paths()) {
            assertTrue(!p.privileged() || p.use() == ProbePath.Use.READ, p.toString());
        }
        assertTrue(ProbeRegistry.paths().contains(ProbePath.read("/etc/shadow").rootOnly()));
        assertTrue(ProbeRegistry.paths().contains(ProbePath.read("/etc/sudoers.d/*").rootOnly()));
    }

    private static List<String> undeclared(Probe probe, RecordingAccess rec) {
        List<String> out = new ArrayList<>();
        String name = probe.getClass().getSimpleName();
        for (RecordingAccess.Use u : rec.uses()) {
            if (probe.paths().stream().noneMatch(d -> d.covers(u.use(), u.path()))) {
                out.add(u + " (in " + name + ")");
            }
        }
        for (FixedCommand c : rec.commands()) {
            if (!probe.commands().contains(c)) {
                out.add("command " + c + " (in " + name + ")");
            }
        }
        return out;
    }

    /** Plausible output for every fixed command, so the probes take their live branches too. */
    private static TestHost answering(TestHost host) {
        return host.command(FixedCommand.UNAME_R, 0, "6.1.0-26-amd64\n")
                .command(FixedCommand.HOSTNAME, 0, "full\n")
                .command(FixedCommand.RPM_QA, 0, "bash\t5.1.8-6.el9\tx86_64\t1700000000\naudit\t3.0.7-103.el9\tx86_64\t1700000000\n")
                .command(FixedCommand.RPM_QA_ROOT, 0, "bash\t4.2.46-35.el7_9\tx86_64\t1700000000\n")
                .command(FixedCommand.RPM_QA_ROOT_SYSIMAGE, 0, "bash\t5.1.8-6.el9\tx86_64\t1700000000\n")
                .command(FixedCommand.SYSTEMCTL_ACTIVE, 0, "auditd.service loaded active running Security Auditing Service\n"
                        + "chronyd.service loaded active running NTP client/server\n")
                .command(FixedCommand.SS_LISTEN, 0, "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=812,fd=3))\n")
                .command(FixedCommand.APT_SIMULATE_UPGRADE, 0, "Inst openssl [3.0.11-1] (3.0.13-1 Debian-Security:12/stable-security [amd64])\n")
                .command(FixedCommand.YUM_CHECK_UPDATE, 100, "openssl.x86_64  1:3.0.7-25.el9  baseos\n")
                .command(FixedCommand.YUM_UPDATEINFO_SECURITY, 0, "RLSA-2024:1  Important/Sec.  openssl-1:3.0.7-25.el9.x86_64\n")
                .command(FixedCommand.AUDITCTL_STATUS, 0, "enabled 1\n")
                .command(FixedCommand.AUDITCTL_LIST, 0, "-w /etc/passwd -p wa -k identity\n")
                .command(FixedCommand.AA_STATUS, 0, "3 profiles are in enforce mode.\n0 profiles are in complain mode.\n")
                .command(FixedCommand.MOKUTIL_SB_STATE, 0, "SecureBoot enabled\n")
                .command(FixedCommand.SSHD_T, 0, "port 22\npermitrootlogin no\n");
    }

    /** Debian 12 with a bit of everything the probes read, each in its usual place. */
    static TestRoot debianLike(TestRoot r) {
        r.debian12()
                .file("/usr/lib/os-release", "ID=debian\n")
                .file("/var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nVersion: 1:9.2p1-2\nArchitecture: amd64\n\n"
                        + "Package: apparmor\nStatus: install ok installed\nVersion: 3.0.8-3\nArchitecture: amd64\n\n"
                        + "Package: auditd\nStatus: install ok installed\nVersion: 1:3.0.9-1\nArchitecture: amd64\n\n"
                        + "Package: clamav\nStatus: install ok installed\nVersion: 1.0.5\nArchitecture: amd64\n\n"
                        + "Package: linux-image-6.1.0-26-amd64\nStatus: install ok installed\nVersion: 6.1.112-1\nArchitecture: amd64\n")
                .file("/var/log/dpkg.log", "2026-11-20 10:00:00 status installed bash:amd64 5.2.15-2\n")
                .file("/boot/vmlinuz-6.1.0-26-amd64", "")
                .file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro ima_appraise=fix\n")
                .file("/proc/sys/kernel/osrelease", "6.1.0-26-amd64\n")
                .file("/proc/uptime", "1000.5 900.0\n")
                .file("/proc/stat", "cpu 1 2 3\nbtime 1700000000\n")
                .file("/proc/1/comm", "systemd\n")
                .file("/proc/1/status", "Name:\tsystemd\nUid:\t0\t0\t0\t0\n")
                .file("/proc/1/cmdline", "/sbin/init\0")
                // systemd: an enabled service, a timer with its service, a masked socket
                .file("/lib/systemd/systemd", "")
                .file("/lib/systemd/system/auditd.service", "[Service]\nExecStart=/sbin/auditd\n")
                .link("/etc/systemd/system/multi-user.target.wants/auditd.service", "/lib/systemd/system/auditd.service")
                .file("/lib/systemd/system/rsyslog.service", "[Service]\nExecStart=/usr/sbin/rsyslogd -n\n")
                .link("/etc/systemd/system/multi-user.target.wants/rsyslog.service", "/lib/systemd/system/rsyslog.service")
                .file("/etc/systemd/system/backup.timer", "[Timer]\nOnCalendar=daily\nUnit=backup.service\n")
                .file("/etc/systemd/system/backup.service", "[Service]\nExecStart=/usr/bin/restic backup /srv\nUser=backup\n")
                .link("/etc/systemd/system/timers.target.wants/backup.timer", "/etc/systemd/system/backup.timer")
                .link("/etc/systemd/system/telnet.socket", "/dev/null")
                .dir("/etc/systemd/system/sockets.target.requires")
                .link("/etc/rc3.d/S01ssh", "../init.d/ssh")
                .file("/etc/init.d/ssh", "#!/bin/sh\n")
                .file("/etc/inetd.conf", "telnet stream tcp nowait root /usr/sbin/in.telnetd in.telnetd\n")
                .file("/etc/xinetd.d/tftp", "service tftp\n{\n  disable = yes\n}\n")
                // auditing and logging
                .file("/sbin/auditd", "")
                .file("/etc/audit/auditd.conf", "log_file = /var/log/audit/audit.log\nmax_log_file = 8\n", "rw-r-----")
                .file("/etc/audit/rules.d/audit.rules", "-w /etc/passwd -p wa -k identity\n")
                .file("/etc/audit/audit.rules", "-e 2\n")
                .file("/etc/audit/audisp-remote.conf", "remote_server = 10.0.0.9\nport = 60\n")
                .file("/etc/audit/plugins.d/au-remote.conf", "active = yes\n")
                .file("/usr/sbin/rsyslogd", "")
                .file("/etc/rsyslog.conf", "module(load=\"imuxsock\")\n$IncludeConfig /etc/rsyslog.d/*.conf\n*.* @@10.0.0.5:514\n")
                .file("/etc/rsyslog.d/50-default.conf", "auth,authpriv.* /var/log/auth.log\n"
                        + "action(type=\"omfwd\" target=\"10.0.0.6\" port=\"514\" protocol=\"tcp\")\n")
                .file("/lib/systemd/systemd-journald", "")
                .file("/etc/systemd/journald.conf", "[Journal]\nStorage=persistent\n")
                .file("/etc/systemd/journald.conf.d/retention.conf", "[Journal]\nMaxRetentionSec=6month\n")
                .file("/usr/lib/systemd/journald.conf.d/syslog.conf", "[Journal]\nForwardToSyslog=yes\n")
                .file("/etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n")
                .file("/etc/logrotate.d/rsyslog", "/var/log/syslog\n{\n  rotate 26\n  weekly\n}\n")
                // firewalls
                .file("/etc/nftables.conf", "include \"/etc/nftables.d/*.nft\"\ntable inet filter {\n  chain input {\n"
                        + "    type filter hook input priority 0; policy drop;\n    tcp dport 22 accept\n  }\n}\n")
                .file("/etc/nftables.d/extra.nft", "table inet extra {\n}\n")
                .file("/etc/iptables/rules.v4", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n")
                .file("/etc/ufw/ufw.conf", "ENABLED=yes\n")
                .file("/etc/ufw/user.rules", "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n", "rw-r-----")
                .file("/etc/hosts.allow", "sshd: 10.0.0.0/8\n")
                .file("/etc/hosts.deny", "ALL: ALL\n")
                // mandatory access control, security products, trusted boot
                .file("/sys/module/apparmor/parameters/enabled", "Y\n")
                .file("/etc/apparmor.d/usr.sbin.ntpd", "/usr/sbin/ntpd {\n}\n")
                .file("/etc/apparmor.d/usr.sbin.cupsd", "/usr/sbin/cupsd flags=(complain) {\n}\n")
                .link("/etc/apparmor.d/disable/usr.sbin.cupsd", "/etc/apparmor.d/usr.sbin.cupsd")
                .file("/usr/sbin/clamd", "")
                .file("/var/lib/clamav/main.cvd", "sig")
                .file("/usr/bin/restic", "")
                .dir("/sys/class/tpm/tpm0")
                .file("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\u0006\u0000\u0000\u0000\u0001")
                .file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"ima_appraise=fix\"\n")
                .file("/etc/ima/ima-policy", "measure func=BPRM_CHECK\n")
                .file("/usr/sbin/aide", "")
                .file("/var/lib/aide/aide.db.gz", "db")
                // time: configured, nothing enabled, so every daemon's files are read
                .file("/etc/chrony/chrony.conf", "pool 2.debian.pool.ntp.org iburst\nconfdir /etc/chrony/conf.d\n")
                .file("/etc/chrony/conf.d/local.conf", "server ntp.example iburst\n")
                .file("/etc/chrony/sources.d/site.sources", "server ntp2.example\n")
                .file("/etc/ntpsec/ntp.conf", "pool 0.debian.pool.ntp.org\n")
                .file("/etc/systemd/timesyncd.conf", "[Time]\n#NTP=\n")
                .file("/etc/systemd/timesyncd.conf.d/site.conf", "[Time]\nNTP=ntp3.example\n")
                // scheduled jobs
                .file("/etc/crontab", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n")
                .file("/etc/cron.d/backup", "0 2 * * * root /usr/bin/rsync -a /data /backup\n")
                .file("/var/spool/cron/crontabs/admin", "0 3 * * * /usr/local/bin/dump.sh --password=x\n", "rw-------")
                .file("/etc/cron.daily/dpkg", "#!/bin/sh\n/usr/libexec/dpkg/dpkg-db-backup\n")
                .file("/etc/cron.weekly/backup", "#!/bin/sh\nborg create /repo::x /etc\n")
                .dir("/etc/cron.hourly")
                .dir("/etc/cron.monthly")
                // login: PAM with quality, history and lockout, shell timeouts, sshd drop-in, sudo drop-in
                .file("/etc/pam.d/common-auth", "auth required pam_faillock.so preauth\n"
                        + "auth [success=1 default=ignore] pam_unix.so nullok\nauth [default=die] pam_faillock.so authfail\n"
                        + "auth requisite pam_deny.so\nauth required pam_permit.so\n")
                .file("/etc/pam.d/common-password", "password requisite pam_pwquality.so retry=3\n"
                        + "password required pam_pwhistory.so use_authtok\n"
                        + "password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n"
                        + "password requisite pam_deny.so\npassword required pam_permit.so\n")
                .file("/etc/pam.d/common-session-noninteractive", "session required pam_unix.so\n")
                .file("/etc/pam.d/login", "@include common-auth\n@include common-account\n@include common-session\n")
                .file("/etc/pam.d/su", "auth sufficient pam_rootok.so\n@include common-auth\n")
                .file("/etc/pam.d/sudo", "@include common-auth\n@include common-account\n")
                .file("/etc/pam.d/passwd", "@include common-password\n")
                .file("/etc/pam.d/other", "@include common-auth\n")
                .file("/etc/security/pwquality.conf", "minlen = 12\n")
                .file("/etc/security/pwquality.conf.d/10-site.conf", "minclass = 3\n")
                .file("/etc/security/pwhistory.conf", "remember = 5\n")
                .file("/etc/security/faillock.conf", "deny = 5\nunlock_time = 900\n")
                .file("/etc/profile.d/tmout.sh", "readonly TMOUT=600\nexport TMOUT\n")
                .file("/etc/profile.d/autologout.csh", "set autologout=10\n")
                .file("/etc/environment", "PATH=\"/usr/bin:/bin\"\n")
                .file("/etc/csh.cshrc", "umask 027\n")
                .file("/etc/csh.login", "\n")
                .file("/etc/ssh/sshd_config.d/10-hardening.conf", "PermitRootLogin no\nMatch User backup\n  X11Forwarding no\n")
                .file("/etc/sudoers.d/admins", "admin ALL=(ALL) NOPASSWD: ALL\n", "r--r-----")
                // the remaining critical files whose modes are checked
                .file("/etc/gshadow", "root:*::\n", "rw-r-----")
                .file("/var/log/audit/audit.log", "", "rw-------")
                .file("/var/log/syslog", "", "rw-r-----")
                .file("/var/log/auth.log", "", "rw-r-----");
        return r;
    }

    /** A RHEL 9-like host: rpm, system-auth, sysconfig firewalls, chrony.conf, SELinux, /var/spool/cron. */
    static TestRoot rhelLike(TestRoot r) {
        return r.file("/etc/os-release", "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n")
                .file("/etc/hostname", "rocky9\n")
                .file("/etc/machine-id", "0123456789abcdef0123456789abcdef\n")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/bin/bash\n")
                .file("/etc/shadow", "root:!!:20000:0:99999:7:::\nadmin:$6$salt$hash:20000:1:90:7:::\n", "---------")
                .file("/etc/group", "root:x:0:\nwheel:x:10:admin\n")
                .file("/var/lib/rpm/rpmdb.sqlite", "")
                .file("/usr/lib/sysimage/rpm/rpmdb.sqlite", "")
                .file("/proc/cmdline", "BOOT_IMAGE=(hd0,gpt2)/vmlinuz root=/dev/mapper/rl-root ro\n")
                .file("/proc/1/comm", "systemd\n")
                .file("/usr/lib/systemd/systemd", "")
                .file("/usr/lib/systemd/system/chronyd.service", "[Service]\nExecStart=/usr/sbin/chronyd\n")
                .link("/etc/systemd/system/multi-user.target.wants/chronyd.service", "/usr/lib/systemd/system/chronyd.service")
                .link("/etc/rc.d/rc3.d/S10network", "../init.d/network")
                .file("/etc/rc.d/init.d/network", "#!/bin/sh\n")
                .file("/usr/sbin/auditd", "")
                .file("/etc/audit/auditd.conf", "log_file = /var/log/audit/audit.log\n", "rw-r-----")
                .file("/etc/audisp/audisp-remote.conf", "remote_server = 10.0.0.9\n")
                .file("/etc/audisp/plugins.d/au-remote.conf", "active = yes\n")
                .file("/etc/rsyslog.conf", "include(file=\"/etc/rsyslog.d/*.conf\" mode=\"optional\")\n*.* @10.0.0.5\n")
                .file("/etc/rsyslog.d/forward.conf", "*.* :omrelp:10.0.0.7:2514\n")
                .file("/etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n")
                .file("/etc/logrotate.d/syslog", "/var/log/messages\n/var/log/secure\n{\n  missingok\n}\n")
                .file("/etc/sysconfig/nftables.conf", "include \"/etc/nftables/main.nft\"\n")
                .file("/etc/nftables/main.nft", "table inet filter {\n}\n")
                .file("/etc/sysconfig/iptables", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", "rw-------")
                .file("/etc/sysconfig/ip6tables", "*filter\nCOMMIT\n", "rw-------")
                .file("/usr/sbin/firewalld", "")
                .file("/etc/firewalld/firewalld.conf", "DefaultZone=public\n")
                .file("/etc/firewalld/zones/public.xml", "<zone target=\"default\"><service name=\"ssh\"/><port port=\"443\" protocol=\"tcp\"/></zone>")
                .file("/etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n")
                .file("/sys/fs/selinux/enforce", "1")
                .file("/etc/chrony.conf", "server ntp.example iburst\n")
                .file("/etc/ntp.conf", "server 127.127.1.0\n")
                .file("/etc/crontab", "SHELL=/bin/bash\n")
                .file("/var/spool/cron/admin", "@daily /usr/bin/mysqldump -pSecret db > /backup/db.sql\n", "rw-------")
                .file("/etc/pam.d/system-auth", "auth required pam_faillock.so preauth silent deny=3\n"
                        + "auth sufficient pam_unix.so\nauth [default=die] pam_faillock.so authfail\n"
                        + "password requisite pam_pwquality.so local_users_only\npassword sufficient pam_unix.so sha512 remember=5\n")
                .file("/etc/pam.d/password-auth", "auth include system-auth\npassword include system-auth\n")
                .file("/etc/pam.d/sshd", "auth substack password-auth\npassword include password-auth\n")
                // a '-' line: its module is looked up in libpam's module directories
                .file("/etc/pam.d/login", "-auth required pam_faillock.so preauth\nauth substack system-auth\n")
                .file("/etc/login.defs", "PASS_MAX_DAYS 90\n")
                .file("/etc/bashrc", "TMOUT=900\n")
                .file("/etc/profile", "umask 022\n")
                .file("/usr/sbin/sshd", "")
                .file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin prohibit-password\n", "rw-------")
                .file("/etc/ssh/sshd_config.d/50-redhat.conf", "Include /etc/crypto-policies/back-ends/opensshserver.config\n"
                        + "X11Forwarding yes\n", "rw-------")
                .file("/etc/crypto-policies/back-ends/opensshserver.config", "MACs hmac-sha2-256-etm@openssh.com,hmac-sha1\n")
                .file("/etc/sudoers", "root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n#includedir /etc/sudoers.d\n", "r--r-----")
                .file("/etc/sudoers.d/90-cloud", "admin ALL=(ALL) NOPASSWD:ALL\n", "r--r-----")
                .file("/var/log/messages", "", "rw-------")
                .file("/var/log/secure", "", "rw-------");
    }
}
