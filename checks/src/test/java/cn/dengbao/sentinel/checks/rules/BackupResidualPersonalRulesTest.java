package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.rules.CompliantHost.facts;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.pkg;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.service;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertEvidenceMentions;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertHigh;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertLowered;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertPass;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertStatus;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.eval;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.dengbao.sentinel.proto.Backup;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.ScheduledJob;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 8.1.4.9 数据备份恢复, 8.1.4.10 剩余信息保护, 8.1.4.11 个人信息保护. */
class BackupResidualPersonalRulesTest {

    private static Facts.Builder noBackup() {
        Facts.Builder f = facts();
        f.setBackup(Backup.newBuilder().addJobs(ScheduledJob.newBuilder().setSchedule("daily").setUser("root")
                .setCommand("logrotate /etc/logrotate.conf")));
        return f;
    }

    @Nested
    class LocalBackup {
        static final String ID = "backup-job-missing";
        static final String MANUAL_ID = "backup-restore-manual";

        @Test
        void foundJobsGoToTheAssessorWithTheList() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, facts()));
            var finding = assertStatus(Status.MANUAL, eval(MANUAL_ID, facts()));
            assertEvidenceMentions(finding, "/usr/local/bin/backup-db.sh");
            assertEvidenceMentions(finding, "/etc/cron.d/backup");
        }

        @Test
        void backupAgentAloneCountsAsFound() {
            Facts.Builder f = noBackup();
            f.getBackupBuilder().addBackupAgents(SecurityProduct.newBuilder().setName("veeam").setKind("backup")
                    .setInstalled(true).setRunning(true));
            assertStatus(Status.NOT_APPLICABLE, eval(ID, f));
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval(MANUAL_ID, f)), "veeam");
        }

        @Test
        void noBackupIsHighMajorHazard() {
            assertHigh(assertStatus(Status.FAIL, eval(ID, noBackup())), true);
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, noBackup()));
        }

        @Test
        void multiDatacenterCopiesLowerToMedium() {
            assertLowered(assertStatus(Status.FAIL, eval(ID, noBackup(), Map.of("multi_datacenter_backup", "true"))),
                    Risk.MEDIUM, "multi_datacenter_backup");
        }

        @Test
        void centralBackupPassesWithReason() {
            var finding = assertPass(eval(ID, noBackup(), Map.of("central_backup", "true")));
            assertEvidenceMentions(finding, "central_backup=true");
        }
    }

    @Nested
    class Offsite {
        @Test
        void alwaysManualWithRemoteCopyJobsListed() {
            Facts.Builder f = facts();
            f.getBackupBuilder().addJobs(ScheduledJob.newBuilder().setSchedule("*/5 * * * *").setUser("root")
                    .setCommand("rsync -a /data backup@dr-site:/data"));
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval("offsite-backup-manual", f)), "dr-site");
        }
    }

    @Nested
    class HotRedundancy {
        static final String ID = "hot-redundancy-ha";
        static final String MANUAL_ID = "hot-redundancy-manual";

        @Test
        void withoutHaRequirementItIsManual() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, facts()));
            assertStatus(Status.MANUAL, eval(MANUAL_ID, facts()));
        }

        @Test
        void haRequiredAndClusterSoftwarePresentPasses() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addPackages(pkg("keepalived", "2.1.5"));
            f.getServicesBuilder().addServices(service("keepalived", true, true));
            assertEvidenceMentions(assertPass(eval(ID, f, Map.of("high_availability", "true"))), "keepalived 2.1.5");
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, f, Map.of("high_availability", "true")));
        }

        @Test
        void haRequiredAndSingleNodeIsHighWithoutCompensation() {
            var finding = assertStatus(Status.FAIL, eval(ID, facts(),
                    Map.of("high_availability", "true", "multi_datacenter_backup", "true", "access_restricted", "true")));
            assertHigh(finding, false);
        }
    }

    @Nested
    class ResidualAndPersonal {
        @Test
        void residualAuthInfoIsManualWithKernelCmdline() {
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval("residual-auth-info", facts())), "ima_policy=tcb");
        }

        @ParameterizedTest
        @ValueSource(strings = {"residual-sensitive-data", "personal-info-collection", "personal-info-access"})
        void applicationItemsAreNotApplicableWithReason(String id) {
            var finding = assertStatus(Status.NOT_APPLICABLE, eval(id, facts()));
            assertFalse(finding.getMessage().isBlank(), RuleHarness.describe(finding));
        }
    }
}
