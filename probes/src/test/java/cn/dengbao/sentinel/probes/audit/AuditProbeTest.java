package cn.dengbao.sentinel.probes.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.AuditRule;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.LogForward;
import cn.dengbao.sentinel.proto.LogRotation;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditProbeTest {
    @TempDir
    Path dir;

    private static LogRotation rotation(Audit a, String pattern) {
        return a.getRotationsList().stream().filter(r -> r.getPathPattern().equals(pattern)).findFirst().orElseThrow();
    }

    @Test
    void auditdConfRulesAndImmutability() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/usr/sbin/auditd", "bin");
        a.files().link("/etc/systemd/system/multi-user.target.wants/auditd.service", "/usr/lib/systemd/system/auditd.service");
        a.files().file("/usr/lib/systemd/system/auditd.service", "[Service]\n");
        a.files().file("/etc/audit/auditd.conf", "# comment\nlog_file = /var/log/audit/audit.log\nLog_Format = ENRICHED\nnum_logs = 5\ndisk_full_action = SUSPEND\n");
        a.files().file("/etc/audit/rules.d/10-base.rules", "-D\n-b 8192\n");
        a.files().file("/etc/audit/rules.d/30-identity.rules", "# identity\n-w /etc/passwd -p wa -k identity\n-w /etc/shadow -p wa -k identity\n");
        a.files().file("/etc/audit/rules.d/99-finalize.rules", "-e 2\n");
        a.files().file("/etc/audit/rules.d/README", "-w /not/a/rule\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertTrue(au.getAuditdInstalled());
        assertTrue(au.getAuditdEnabled());
        assertFalse(au.getAuditdActive());
        assertEquals("ENRICHED", au.getAuditdConfOrThrow("log_format").getValue());
        assertEquals(3, au.getAuditdConfOrThrow("log_format").getSource().getLine());
        assertEquals("SUSPEND", au.getAuditdConfOrThrow("disk_full_action").getValue());
        List<String> rules = au.getRulesList().stream().map(AuditRule::getText).toList();
        assertEquals(List.of("-D", "-b 8192", "-w /etc/passwd -p wa -k identity", "-w /etc/shadow -p wa -k identity", "-e 2"), rules);
        assertEquals("/etc/audit/rules.d/30-identity.rules", au.getRules(2).getSource().getPath());
        assertEquals(2, au.getRules(2).getSource().getLine());
        assertTrue(au.getRulesImmutable());
    }

    @Test
    void liveAuditctlStatusAndRules() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().file("/sbin/auditd", "bin");
        a.command(FixedCommand.AUDITCTL_STATUS, 0, "enabled 1\nfailure 1\npid 612\nrate_limit 0\n");
        a.command(FixedCommand.AUDITCTL_LIST, 0, "-w /etc/sudoers -p wa -k scope\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertTrue(au.getAuditdActive());
        assertEquals("auditctl -l", au.getRules(0).getSource().getCommand());
        assertFalse(au.getRulesImmutable());

        TestHost b = new TestHost(new TestRoot(dir.resolve("b")), AccessMode.SSH);
        b.command(FixedCommand.AUDITCTL_STATUS, 0, "enabled 0\n");
        b.command(FixedCommand.AUDITCTL_LIST, 0, "No rules\n");
        Audit bu = b.collect(new AuditProbe()).getAudit();
        assertFalse(bu.getAuditdActive());
        assertEquals(0, bu.getRulesCount());
    }

    @Test
    void rsyslogIncludesRainerScriptAndLegacyForwards() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/rsyslog.conf", """
                module(load="imuxsock")
                $ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat
                $IncludeConfig /etc/rsyslog.d/*.conf
                include(file="/etc/rsyslog.extra/*.conf" mode="optional")
                *.info;mail.none;authpriv.none    /var/log/messages
                #*.* @@commented.example:514
                """);
        a.files().file("/etc/rsyslog.d/10-remote.conf", """
                # ship everything to the SOC
                *.* @@10.0.0.5:514
                authpriv.* @loghost
                """);
        a.files().file("/etc/rsyslog.d/20-omfwd.conf", """
                template(name="Fwd" type="string"
                         string="%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg%\\n")
                *.* action(type="omfwd"
                           target="siem.gov.example"
                           port="6514"
                           protocol="tcp"   # over TCP
                           template="Fwd")
                """);
        a.files().file("/etc/rsyslog.d/README", "*.* @@not-included:1\n");
        a.files().file("/etc/rsyslog.extra/30-relp.conf", "$template Precise,\"%timegenerated:::date-rfc3339% %msg%\\n\"\n*.* :omrelp:relp.example:2514\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertTrue(au.getRsyslogInstalled());
        List<String> targets = au.getForwardsList().stream().map(f -> f.getTarget() + "/" + f.getProtocol()).toList();
        assertEquals(List.of("10.0.0.5:514/tcp", "loghost/udp", "siem.gov.example:6514/tcp", "relp.example:2514/relp"), targets);
        LogForward omfwd = au.getForwards(2);
        assertEquals("/etc/rsyslog.d/20-omfwd.conf", omfwd.getSource().getPath());
        assertEquals(3, omfwd.getSource().getLine());
        assertTrue(au.getForwardsList().stream().allMatch(f -> f.getDaemon().equals("rsyslog")), "counts only while rsyslog starts");
        assertTrue(au.getConfigFilesList().contains("/etc/rsyslog.extra/30-relp.conf"));
        assertFalse(au.getConfigFilesList().contains("/etc/rsyslog.d/README"));
        List<String> templates = au.getSyslogTemplatesList().stream().map(s -> s.getKey()).toList();
        assertEquals(List.of("$ActionFileDefaultTemplate", "Fwd", "Precise"), templates);
        assertTrue(au.getSyslogTemplates(1).getValue().startsWith("%TIMESTAMP:::date-rfc3339%"));
    }

    @Test
    void audispRemoteCountsOnlyWhenPluginActive() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/audit/audisp-remote.conf", "remote_server = 10.1.1.1\nport = 60\ntransport = tcp\n");
        a.files().file("/etc/audit/plugins.d/au-remote.conf", "active = no\n");
        assertEquals(0, a.collect(new AuditProbe()).getAudit().getForwardsCount());
        a.files().file("/etc/audit/plugins.d/au-remote.conf", "active = yes\ndirection = out\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertEquals("10.1.1.1:60", au.getForwards(0).getTarget());
        assertEquals("tcp", au.getForwards(0).getProtocol());
        assertEquals("auditd", au.getForwards(0).getDaemon());
    }

    @Test
    void journaldDropInsOverrideMainFile() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/systemd/journald.conf", "[Journal]\n#Storage=auto\nStorage=volatile\nForwardToSyslog=yes\n");
        a.files().file("/etc/systemd/journald.conf.d/50-retain.conf", "[Journal]\nStorage=persistent\nMaxRetentionSec=6month\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertTrue(au.getJournaldPresent());
        assertEquals("persistent", au.getJournaldOrThrow("Storage").getValue());
        assertEquals("/etc/systemd/journald.conf.d/50-retain.conf", au.getJournaldOrThrow("Storage").getSource().getPath());
        assertEquals("6month", au.getJournaldOrThrow("MaxRetentionSec").getValue());
        assertEquals("yes", au.getJournaldOrThrow("ForwardToSyslog").getValue());
    }

    @Test
    void logrotateGlobalDefaultsAndBlockOverrides() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/logrotate.conf", """
                # global defaults
                weekly
                rotate 4
                create
                include /etc/logrotate.d
                /var/log/wtmp {
                    monthly
                    rotate 1
                }
                """);
        a.files().file("/etc/logrotate.d/rsyslog", """
                /var/log/messages
                /var/log/secure
                {
                    missingok
                    sharedscripts
                    postrotate
                        /usr/bin/systemctl kill -s HUP rsyslog.service >/dev/null 2>&1 || true
                    endscript
                }
                """);
        a.files().file("/etc/logrotate.d/audit", "/var/log/audit/*.log {\n    daily\n    rotate 200\n    maxage 190\n}\n");
        a.files().file("/etc/logrotate.d/big", "/var/log/big.log {\n  size 100M\n  rotate 9\n}\n");
        a.files().file("/etc/logrotate.d/old.dpkg-old", "/var/log/old {\n rotate 1\n}\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertEquals(28, rotation(au, "/var/log/messages").getRetentionDays());
        assertEquals("weekly", rotation(au, "/var/log/secure").getPeriod());
        assertEquals(4, rotation(au, "/var/log/secure").getRotate());
        assertEquals(190, rotation(au, "/var/log/audit/*.log").getRetentionDays());
        assertEquals(30, rotation(au, "/var/log/wtmp").getRetentionDays());
        assertEquals(0, rotation(au, "/var/log/big.log").getRetentionDays());
        assertEquals("size", rotation(au, "/var/log/big.log").getPeriod());
        assertTrue(au.getRotationsList().stream().noneMatch(r -> r.getPathPattern().equals("/var/log/old")));
        assertEquals("/etc/logrotate.d/rsyslog", rotation(au, "/var/log/messages").getSource().getPath());
        assertEquals(1, rotation(au, "/var/log/messages").getSource().getLine());
    }

    @Test
    void includeLoopsAndOversizedFilesDoNotHangOrThrow() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/rsyslog.conf", "$IncludeConfig /etc/rsyslog.d/*.conf\n*.* @@a.example:514\n");
        a.files().file("/etc/rsyslog.d/loop.conf", "include(file=\"/etc/rsyslog.conf\")\ninclude(file=\"/etc/rsyslog.d/loop.conf\")\n");
        a.files().file("/etc/rsyslog.d/huge.conf", "#".repeat(2 * 1024 * 1024));
        a.files().file("/etc/logrotate.conf", "include /etc/logrotate.conf\ninclude /etc/logrotate.d\n");
        a.files().file("/etc/logrotate.d/self", "include /etc/logrotate.d/self\n/var/log/x {\n weekly\n rotate 2\n}\n");
        Facts f = a.collect(new AuditProbe());
        assertEquals(1, f.getAudit().getForwardsCount());
        assertEquals(14, f.getAudit().getRotations(0).getRetentionDays());
        assertEquals(1, f.getCollectionErrorsCount());
        assertEquals("audit.rsyslog", f.getCollectionErrors(0).getFact());
        assertEquals(cn.dengbao.sentinel.proto.ErrorKind.TOO_LARGE, f.getCollectionErrors(0).getKind());
        assertEquals("/etc/rsyslog.d/huge.conf", f.getCollectionErrors(0).getPath());
    }

    @Test
    void nothingInstalledMeansNoErrors() {
        Facts f = new TestHost(new TestRoot(dir)).collect(new AuditProbe());
        assertFalse(f.getAudit().getAuditdInstalled());
        assertFalse(f.getAudit().getRsyslogInstalled());
        assertEquals(0, f.getCollectionErrorsCount());
    }

    /** A systemd RHEL-family host with auditd's native unit and the rc3.d link chkconfig left behind. */
    private TestHost systemdWithAuditdUnit() {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/usr/lib/systemd/systemd", "bin");
        a.files().file("/usr/sbin/auditd", "bin");
        a.files().file("/usr/lib/systemd/system/auditd.service", "[Unit]\nDescription=Security Auditing Service\n[Install]\nWantedBy=multi-user.target\n");
        a.files().file("/etc/rc.d/init.d/auditd", "#!/bin/sh\n");
        a.files().link("/etc/rc.d/rc3.d/S11auditd", "../init.d/auditd");
        a.files().dir("/etc/systemd/system/multi-user.target.wants");
        return a;
    }

    @Test
    void sysvLinksOfAUnitWithANativeServiceAreIgnoredBySystemd() {
        // systemctl disable auditd removes the wants link; the sysv generator skips scripts with a native unit
        assertFalse(systemdWithAuditdUnit().collect(new AuditProbe()).getAudit().getAuditdEnabled());
    }

    @Test
    void sysvLinksCountWhenNoNativeUnitExists() {
        TestHost a = systemdWithAuditdUnit();
        a.files().root().resolve("usr/lib/systemd/system/auditd.service").toFile().delete();
        assertTrue(a.collect(new AuditProbe()).getAudit().getAuditdEnabled(), "the sysv generator makes a unit of the script");
    }

    @Test
    void wantsLinkEnablesAndMaskWins() {
        TestHost a = systemdWithAuditdUnit();
        a.files().link("/etc/systemd/system/multi-user.target.wants/auditd.service", "/usr/lib/systemd/system/auditd.service");
        assertTrue(a.collect(new AuditProbe()).getAudit().getAuditdEnabled());
        a.files().link("/etc/systemd/system/auditd.service", "/dev/null");
        assertFalse(a.collect(new AuditProbe()).getAudit().getAuditdEnabled(), "masked: never starts");
    }

    @Test
    void packageStaticLinkEnables() {
        TestHost a = systemdWithAuditdUnit();
        a.files().link("/usr/lib/systemd/system/multi-user.target.wants/auditd.service", "../auditd.service");
        assertTrue(a.collect(new AuditProbe()).getAudit().getAuditdEnabled(), "static enablement by the package");
    }

    @Test
    void socketActivationEnablesItsService() {
        TestHost r = systemdWithAuditdUnit();
        r.files().file("/usr/sbin/rsyslogd", "bin");
        r.files().file("/usr/lib/systemd/system/rsyslog.service", "[Service]\n");
        r.files().file("/usr/lib/systemd/system/rsyslog.socket", "[Socket]\n");
        assertFalse(r.collect(new AuditProbe()).getAudit().getRsyslogEnabled());
        r.files().link("/etc/systemd/system/sockets.target.wants/rsyslog.socket", "/usr/lib/systemd/system/rsyslog.socket");
        assertTrue(r.collect(new AuditProbe()).getAudit().getRsyslogEnabled(), "an enabled socket starts the service on demand");
    }

    @Test
    void wantsLinkOfARemovedPackageStartsNothing() {
        // rsyslog removed without purge: rsyslog.conf (a conffile) and the wants link stay, the unit file is gone
        TestHost r = systemdWithAuditdUnit();
        r.files().file("/etc/rsyslog.conf", "*.* @@10.0.0.5:514\n");
        r.files().link("/etc/systemd/system/multi-user.target.wants/rsyslog.service", "/usr/lib/systemd/system/rsyslog.service");
        Audit au = r.collect(new AuditProbe()).getAudit();
        assertEquals(1, au.getForwardsCount());
        assertFalse(au.getRsyslogEnabled(), "systemd cannot load the unit: nothing starts, the forward is not in force");
        r.files().file("/usr/lib/systemd/system/rsyslog.service", "[Service]\n");
        assertTrue(r.collect(new AuditProbe()).getAudit().getRsyslogEnabled());
    }

    /** CentOS 7 / RHEL / Debian 12 as packaged: auditd.service loads rules with augenrules (comment as shipped). */
    private static final String AUDITD_UNIT = "[Service]\nType=forking\nPIDFile=/var/run/auditd.pid\nExecStart=/sbin/auditd\n"
            + "## To not use augenrules, copy this file to /etc/systemd/system/auditd.service\n"
            + "## and comment/delete the next line and uncomment the auditctl line.\n"
            + "ExecStartPost=-/sbin/augenrules --load\n#ExecStartPost=-/sbin/auditctl -R /etc/audit/audit.rules\n"
            + "ExecReload=/bin/kill -HUP $MAINPID\n";

    private TestHost auditdWithRulesDAndStaleAuditRules() {
        TestHost a = systemdWithAuditdUnit();
        a.files().file("/usr/lib/systemd/system/auditd.service", AUDITD_UNIT);
        a.files().file("/etc/audit/rules.d/30-identity.rules", "-w /etc/passwd -p wa -k identity\n");
        a.files().file("/etc/audit/rules.d/99-finalize.rules", "-e 2\n");
        a.files().file("/etc/audit/audit.rules", "## This file is automatically generated from /etc/audit/rules.d\n-D\n-b 8192\n");
        return a;
    }

    @Test
    void augenrulesLoadsRulesDOnly() {
        Audit au = auditdWithRulesDAndStaleAuditRules().collect(new AuditProbe()).getAudit();
        assertEquals("augenrules", au.getRulesLoader());
        assertEquals("/usr/lib/systemd/system/auditd.service", au.getRulesLoaderSource().getPath());
        assertEquals(List.of("-w /etc/passwd -p wa -k identity", "-e 2"), au.getRulesList().stream().map(AuditRule::getText).toList());
        assertTrue(au.getRulesImmutable());
    }

    @Test
    void auditctlUnitCopiedToEtcLoadsAuditRulesAndNeverRulesD() {
        // the documented alternative: the unit copied to /etc/systemd/system with the auditctl line
        TestHost a = auditdWithRulesDAndStaleAuditRules();
        a.files().file("/etc/systemd/system/auditd.service", AUDITD_UNIT
                .replace("ExecStartPost=-/sbin/augenrules --load\n#ExecStartPost=", "#ExecStartPost=-/sbin/augenrules --load\nExecStartPost="));
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertEquals("auditctl -R /etc/audit/audit.rules", au.getRulesLoader());
        assertEquals("/etc/systemd/system/auditd.service", au.getRulesLoaderSource().getPath());
        assertEquals(List.of("-D", "-b 8192"), au.getRulesList().stream().map(AuditRule::getText).toList());
        assertFalse(au.getRulesImmutable(), "rules.d's -e 2 is never loaded");
    }

    @Test
    void dropInResetsAndReplacesTheLoader() {
        TestHost a = auditdWithRulesDAndStaleAuditRules();
        a.files().file("/etc/systemd/system/auditd.service.d/override.conf",
                "[Service]\nExecStartPost=\nExecStartPost=-/sbin/auditctl -R /etc/audit/audit.rules\n");
        Audit au = a.collect(new AuditProbe()).getAudit();
        assertEquals("auditctl -R /etc/audit/audit.rules", au.getRulesLoader());
        assertEquals("/etc/systemd/system/auditd.service.d/override.conf", au.getRulesLoaderSource().getPath());
        assertEquals(3, au.getRulesLoaderSource().getLine());
        assertFalse(au.getRulesImmutable());
    }
}
