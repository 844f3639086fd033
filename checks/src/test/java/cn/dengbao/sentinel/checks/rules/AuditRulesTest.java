package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.rules.CompliantHost.auditRule;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.facts;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.file;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.offline;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.setting;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertEvidenceMentions;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertFail;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertHigh;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertPartial;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertPass;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertStatus;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.eval;

import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.AuditRule;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FileMode;
import cn.dengbao.sentinel.proto.LogRotation;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** 8.1.4.3 安全审计: one test per verdict each rule can give. */
class AuditRulesTest {

    private static Facts.Builder withoutRules(Predicate<String> drop) {
        Facts.Builder f = facts();
        Audit.Builder a = f.getAuditBuilder();
        List<AuditRule> keep = a.getRulesList().stream().filter(r -> !drop.test(r.getText())).toList();
        a.clearRules().addAllRules(keep);
        return f;
    }

    private static Facts.Builder auditdOff() {
        Facts.Builder f = facts();
        f.getAuditBuilder().setAuditdInstalled(false).setAuditdEnabled(false).setAuditdActive(false)
                .clearAuditdConf().clearRules().setRulesImmutable(false);
        return f;
    }

    @Nested
    class AuditdEnabled {
        static final String ID = "audit-auditd-enabled";

        @Test
        void passesWhenInstalledEnabledAndRunning() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "运行中：是");
        }

        @Test
        void offlineCollectionPassesOnInstalledAndEnabled() {
            assertEvidenceMentions(assertPass(eval(ID, offline())), "离线采集");
        }

        @Test
        void notInstalledFailsMediumNotHigh() {
            // The fact sheet: auditing switched off is not a high-risk entry of its own.
            assertFail(Risk.MEDIUM, eval(ID, auditdOff(), Map.of("internet_facing", "true")));
        }

        @Test
        void enabledButStoppedOnLiveHostFails() {
            Facts.Builder f = facts();
            f.getAuditBuilder().setAuditdActive(false);
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void missingAuditSectionIsErrorNotPass() {
            assertStatus(Status.ERROR, eval(ID, facts().clearAudit()));
        }

        @Test
        void unreadableAuditConfigIsError() {
            Facts.Builder f = facts().addCollectionErrors(CollectionError.newBuilder().setFact("audit")
                    .setPath("/etc/audit/auditd.conf").setKind(ErrorKind.PERMISSION_DENIED).setDetail("EACCES"));
            assertEvidenceOrMessageNamesPath(eval(ID, f), "/etc/audit/auditd.conf");
        }

        private void assertEvidenceOrMessageNamesPath(cn.dengbao.sentinel.proto.Finding f, String path) {
            assertStatus(Status.ERROR, f);
            org.junit.jupiter.api.Assertions.assertTrue(
                    f.getMessage().contains(path) || RuleHarness.evidenceText(f).contains(path),
                    () -> RuleHarness.describe(f));
        }
    }

    @Nested
    class Identity {
        static final String ID = "audit-rules-identity";

        @Test
        void passesWhenAllIdentityFilesWatched() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "/etc/gshadow");
        }

        @Test
        void partialWhenSomeFilesUnwatched() {
            Facts.Builder f = withoutRules(t -> t.contains("/etc/shadow") || t.contains("/etc/sudoers"));
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "未审计：/etc/sudoers");
        }

        @Test
        void failsWithoutAnyIdentityRule() {
            assertFail(Risk.MEDIUM, eval(ID, withoutRules(t -> t.contains("/etc/"))));
        }

        @Test
        void syscallStyleRulesCount() {
            Facts.Builder f = withoutRules(t -> t.contains("/etc/"));
            for (String p : List.of("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers")) {
                f.getAuditBuilder().addRules(auditRule("-a always,exit -F path=" + p + " -F perm=wa -k identity"));
            }
            assertPass(eval(ID, f));
        }
    }

    @Nested
    class Privileged {
        static final String ID = "audit-rules-privileged";

        @Test
        void passesWithSudoPathRule() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "/usr/bin/sudo");
        }

        @Test
        void passesWithPrivilegedExecveRule() {
            Facts.Builder f = withoutRules(t -> t.contains("sudo") && !t.contains("sudoers"));
            f.getAuditBuilder().addRules(auditRule("-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k setuid"));
            assertPass(eval(ID, f));
        }

        @Test
        void failsWithoutPrivilegedCommandRules() {
            Facts.Builder f = withoutRules(t -> t.contains("privileged"));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }
    }

    @Nested
    class Logins {
        static final String ID = "audit-rules-logins";

        @Test
        void passesWhenAllLoginRecordsWatched() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void tallylogCountsAsFailureRecordOnCentos7() {
            Facts.Builder f = withoutRules(t -> t.contains("faillock"));
            f.getAuditBuilder().addRules(auditRule("-w /var/log/tallylog -p wa -k logins"));
            assertPass(eval(ID, f));
        }

        @Test
        void partialWhenOnlySomeWatched() {
            Facts.Builder f = withoutRules(t -> t.contains("wtmp") || t.contains("btmp"));
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "/var/log/btmp");
        }

        @Test
        void failsWithoutLoginRules() {
            assertFail(Risk.MEDIUM, eval(ID, withoutRules(t -> t.contains("/var/"))));
        }
    }

    @Nested
    class SyslogRunning {
        static final String ID = "audit-syslog-running";

        @Test
        void passesWithRsyslog() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void passesWithPersistentJournaldOnly() {
            Facts.Builder f = facts();
            f.getAuditBuilder().setRsyslogEnabled(false).setRsyslogInstalled(false)
                    .putJournald("Storage", setting("/etc/systemd/journald.conf", "Storage", "persistent"));
            assertPass(eval(ID, f));
        }

        @Test
        void partialWhenJournaldKeepsLogsOnlyInMemory() {
            Facts.Builder f = facts();
            f.getAuditBuilder().setRsyslogEnabled(false)
                    .putJournald("Storage", setting("/etc/systemd/journald.conf", "Storage", "volatile"));
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "volatile");
        }

        @Test
        void failsWithoutAnyLogService() {
            Facts.Builder f = facts();
            f.getAuditBuilder().setRsyslogEnabled(false).setRsyslogInstalled(false).setJournaldPresent(false);
            assertFail(Risk.MEDIUM, eval(ID, f));
        }
    }

    @Nested
    class LogFormat {
        static final String ID = "audit-log-format";

        @Test
        void passesWithEnriched() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "ENRICHED");
        }

        @Test
        void passesWhenUnsetBecauseDefaultIsRaw() {
            Facts.Builder f = facts();
            f.getAuditBuilder().removeAuditdConf("log_format");
            assertPass(eval(ID, f));
        }

        @Test
        void nologFailsWhenNoSyslogEither() {
            Facts.Builder f = facts();
            f.getAuditBuilder().putAuditdConf("log_format", setting("/etc/audit/auditd.conf", "log_format", "NOLOG"))
                    .setRsyslogEnabled(false).setJournaldPresent(false);
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void syslogOnlyIsPartial() {
            assertPartial(Risk.LOW, eval(ID, auditdOff()));
        }
    }

    @Nested
    class TemplateTimestamp {
        static final String ID = "syslog-template-timestamp";

        @Test
        void passesWithDefaultTemplates() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void passesWithTimestampedCustomTemplate() {
            Facts.Builder f = facts();
            f.getAuditBuilder().addSyslogTemplates(setting("/etc/rsyslog.d/tpl.conf", "secfmt",
                    "%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg%\\n"));
            assertPass(eval(ID, f));
        }

        @Test
        void fileNameTemplatesOfALogServerAreNotRecordFormats() {
            Facts.Builder f = facts();
            f.getAuditBuilder().addSyslogTemplates(setting("/etc/rsyslog.d/remote.conf", "DynFile",
                    "\"/var/log/remote/%HOSTNAME%/%PROGRAMNAME%.log\""))
                    .addSyslogTemplates(setting("/etc/rsyslog.conf", "$ActionFileDefaultTemplate",
                            "RSYSLOG_TraditionalFileFormat"));
            assertPass(eval(ID, f));
        }

        @Test
        void failsWithTemplateWithoutTime() {
            Facts.Builder f = facts();
            f.getAuditBuilder().addSyslogTemplates(setting("/etc/rsyslog.d/tpl.conf", "bare", "%HOSTNAME% %msg%\\n"));
            assertEvidenceMentions(assertFail(Risk.LOW, eval(ID, f)), "/etc/rsyslog.d/tpl.conf");
        }

        @Test
        void notApplicableWithoutSyslogOrJournald() {
            Facts.Builder f = facts();
            f.getAuditBuilder().setRsyslogInstalled(false).setRsyslogEnabled(false).setJournaldPresent(false);
            assertStatus(Status.NOT_APPLICABLE, eval(ID, f));
        }
    }

    @Nested
    class RemoteForward {
        static final String ID = "log-remote-forward";

        @Test
        void passesWithForwarding() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "/etc/rsyslog.d/90-remote.conf");
        }

        @Test
        void centralLogAttributePassesWithReason() {
            Facts.Builder f = facts();
            f.getAuditBuilder().clearForwards();
            assertEvidenceMentions(assertPass(eval(ID, f, Map.of("central_log", "true"))), "central_log=true");
        }

        @Test
        void rsyslogForwardDoesNotCountWhileRsyslogIsDisabled() {
            Facts.Builder f = facts();
            f.getAuditBuilder().getForwardsBuilderList().forEach(fw -> fw.setDaemon("rsyslog"));
            assertPass(eval(ID, f.clone()));
            f.getAuditBuilder().setRsyslogEnabled(false);
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f, Map.of("central_log", "false"))), "rsyslog 未启用");
        }

        @Test
        void auditdForwardCountsWhileAuditdRuns() {
            Facts.Builder f = facts();
            f.getAuditBuilder().clearForwards().setAuditdEnabled(false).setAuditdActive(true)
                    .addForwards(cn.dengbao.sentinel.proto.LogForward.newBuilder().setDaemon("auditd").setTarget("10.0.0.5:60").setProtocol("tcp"));
            assertPass(eval(ID, f.clone()));
            f.getAuditBuilder().setAuditdActive(false);
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f, Map.of("central_log", "false"))), "auditd 未启用");
        }

        @Test
        void failsWithoutForwarding() {
            Facts.Builder f = facts();
            f.getAuditBuilder().clearForwards();
            assertFail(Risk.MEDIUM, eval(ID, f, Map.of("central_log", "false")));
        }
    }

    @Nested
    class LogFilePermissions {
        static final String ID = "log-file-permissions";

        @Test
        void passesWhenLogsAreAtMost0640() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/syslog", 0640, 0));
            assertPass(eval(ID, f));
        }

        @Test
        void auditLogDirectory0700IsHeldToTheDirectoryThreshold() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/audit", 0700, 0).toBuilder().setIsDirectory(true));
            assertPass(eval(ID, f.clone()));
            f.getFilePermissionsBuilder().addFiles(file("/var/log/journal", 0750, 0).toBuilder().setIsDirectory(true));
            assertPass(eval(ID, f.clone()));
        }

        @Test
        void worldListableLogDirectoryFails() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/audit", 0755, 0).toBuilder().setIsDirectory(true));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "/var/log/audit/ 0755");
        }

        @Test
        void aFileWithExecuteBitsStillFails() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/audit/audit.log", 0700, 0));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void worldReadableLogFails() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/auth.log", 0644, 0));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "/var/log/auth.log 0644");
        }

        @Test
        void groupWritableLogFails() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/var/log/secure", 0660, 0));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void notApplicableWhenNoLogFilesCollected() {
            Facts.Builder f = facts();
            List<FileMode> keep = f.getFilePermissions().getFilesList().stream()
                    .filter(m -> !m.getPath().startsWith("/var/log/")).toList();
            f.getFilePermissionsBuilder().clearFiles().addAllFiles(keep);
            assertStatus(Status.NOT_APPLICABLE, eval(ID, f));
        }
    }

    @Nested
    class Retention {
        static final String ID = "log-retention";

        private Facts.Builder shortRetention() {
            Facts.Builder f = facts();
            f.getAuditBuilder().removeAuditdConf("max_log_file_action").clearRotations()
                    .addRotations(LogRotation.newBuilder().setPathPattern("/var/log/messages").setRotate(4)
                            .setPeriod("weekly").setRetentionDays(28)
                            .setSource(CompliantHost.src("/etc/logrotate.d/syslog", 1, "/var/log/messages")));
            return f;
        }

        @Test
        void passesWithAuditdKeepLogs() {
            Facts.Builder f = shortRetention();
            f.getAuditBuilder().putAuditdConf("max_log_file_action",
                    setting("/etc/audit/auditd.conf", "max_log_file_action", "KEEP_LOGS"));
            assertPass(eval(ID, f));
        }

        @Test
        void passesWithHalfYearOfRotation() {
            Facts.Builder f = facts();
            f.getAuditBuilder().removeAuditdConf("max_log_file_action");
            assertEvidenceMentions(assertPass(eval(ID, f)), "182 天");
        }

        @Test
        void shortRetentionIsHighButNotMajorHazard() {
            var finding = assertStatus(Status.FAIL, eval(ID, shortRetention(), Map.of("mfa_bastion", "true")));
            assertHigh(finding, false);
            assertEvidenceMentions(finding, "28 天");
        }

        @Test
        void keepLogsDoesNotCountWhenAuditdIsOff() {
            Facts.Builder f = shortRetention();
            f.getAuditBuilder().setAuditdEnabled(false).putAuditdConf("max_log_file_action",
                    setting("/etc/audit/auditd.conf", "max_log_file_action", "keep_logs"));
            assertHigh(assertStatus(Status.FAIL, eval(ID, f)), false);
        }

        @Test
        void noRotationKnownFails() {
            Facts.Builder f = shortRetention();
            f.getAuditBuilder().clearRotations();
            assertHigh(assertStatus(Status.FAIL, eval(ID, f)), false);
        }

        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource({"6month,PASS", "15552000,PASS", "180d,PASS", "26w,PASS", "1y,PASS",
                "1month,FAIL", "90d,FAIL", "4weeks,FAIL", "2h,FAIL"})
        void persistentJournaldRetentionCounts(String maxRetention, Status expected) {
            Facts.Builder f = shortRetention();
            f.getAuditBuilder().putJournald("Storage", setting("/etc/systemd/journald.conf", "Storage", "persistent"))
                    .putJournald("MaxRetentionSec", setting("/etc/systemd/journald.conf", "MaxRetentionSec", maxRetention));
            assertStatus(expected, eval(ID, f));
        }

        @Test
        void volatileJournaldRetentionDoesNotCount() {
            Facts.Builder f = shortRetention();
            f.getAuditBuilder().putJournald("Storage", setting("/etc/systemd/journald.conf", "Storage", "volatile"))
                    .putJournald("MaxRetentionSec", setting("/etc/systemd/journald.conf", "MaxRetentionSec", "1y"));
            assertStatus(Status.FAIL, eval(ID, f));
        }

        @Test
        void centralLogPassesWithReason() {
            assertEvidenceMentions(assertPass(eval(ID, shortRetention(), Map.of("central_log", "true"))),
                    "central_log=true");
        }
    }

    @Nested
    class Immutable {
        static final String ID = "audit-rules-immutable";

        @Test
        void passesWithLockedRules() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "-e 2");
        }

        @Test
        void partialWhenRunningButNotLocked() {
            Facts.Builder f = withoutRules(t -> t.startsWith("-e"));
            f.getAuditBuilder().setRulesImmutable(false);
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void failsWithoutAuditd() {
            assertFail(Risk.MEDIUM, eval(ID, auditdOff()));
        }

        @Test
        void auditctlLoaderIsCitedWhenRulesDIsNotLoaded() {
            // the probe read only /etc/audit/audit.rules (no -e 2 there): rules.d's -e 2 is not in force
            Facts.Builder f = withoutRules(t -> t.startsWith("-e"));
            f.getAuditBuilder().setRulesImmutable(false).setRulesLoader("auditctl -R /etc/audit/audit.rules")
                    .setRulesLoaderSource(cn.dengbao.sentinel.proto.Source.newBuilder().setPath("/etc/systemd/system/auditd.service").setLine(9));
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "rules.d 下的规则不会被加载");
        }
    }

    @Nested
    class DiskFullAction {
        static final String ID = "audit-disk-full-action";

        @Test
        void passesWithSuspend() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void passesWithDefaults() {
            Facts.Builder f = facts();
            f.getAuditBuilder().removeAuditdConf("disk_full_action").removeAuditdConf("disk_error_action");
            assertPass(eval(ID, f));
        }

        @Test
        void ignoreFails() {
            Facts.Builder f = facts();
            f.getAuditBuilder().putAuditdConf("disk_error_action",
                    setting("/etc/audit/auditd.conf", "disk_error_action", "IGNORE"));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "IGNORE");
        }

        @Test
        void notApplicableWithoutAuditd() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, auditdOff()));
        }
    }

    @Nested
    class ConfPermissions {
        static final String ID = "audit-conf-permissions";

        @Test
        void passesWhenRootOwnedAndTight() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void worldWritableRulesFail() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/etc/audit/rules.d/local.rules", 0666, 0));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "/etc/audit/rules.d/local.rules 0666");
        }

        @Test
        void nonRootOwnerFails() {
            Facts.Builder f = facts();
            f.getFilePermissionsBuilder().addFiles(file("/etc/audit/audit.rules", 0600, 1000));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void notApplicableWithoutAuditd() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, auditdOff()));
        }
    }
}
