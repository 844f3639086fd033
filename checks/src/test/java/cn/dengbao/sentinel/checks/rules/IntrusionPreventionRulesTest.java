package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.rules.CompliantHost.DAY_S;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.NOW_S;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.facts;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.offline;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.pkg;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.port;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.product;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.service;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.setting;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertEvidenceMentions;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertFail;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertHigh;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertLowered;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertPartial;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertPass;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertStatus;
import static cn.dengbao.sentinel.checks.rules.RuleHarness.eval;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Firewall;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** 8.1.4.4 入侵防范: one test per verdict each rule can give, plus the high-risk conditions and compensations. */
class IntrusionPreventionRulesTest {

    @Nested
    class MinimalInstallManual {
        static final String ID = "minimal-install-manual";

        @Test
        void listsCompilersDebuggersAndDesktopForTheAssessor() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addPackages(pkg("gcc", "7.3.0")).addPackages(pkg("gdb", "9.2"))
                    .addPackages(pkg("strace", "5.6")).addPackages(pkg("gnome-shell", "3.38"));
            var finding = assertStatus(Status.MANUAL, eval(ID, f));
            assertEvidenceMentions(finding, "gcc 7.3.0");
            assertEvidenceMentions(finding, "strace 5.6");
            assertEvidenceMentions(finding, "gnome-shell 3.38");
        }

        @Test
        void cleanServerIsStillManualAndSaysNothingFound() {
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval(ID, facts())), "未发现编译/构建工具");
        }
    }

    @Nested
    class NoDesktop {
        static final String ID = "no-desktop-on-server";

        @Test
        void passesOnHeadlessServer() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void xServerAloneIsPartial() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addPackages(pkg("xorg-x11-server-Xorg", "1.20.11"));
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void desktopEnvironmentFails() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addPackages(pkg("ukui-session-manager", "3.0")).addPackages(pkg("xserver-xorg-core", "21"));
            assertEvidenceMentions(assertFail(Risk.LOW, eval(ID, f)), "ukui-session-manager");
        }
    }

    @Nested
    class HighRiskPorts {
        static final String ID = "high-risk-ports-listening";

        private Facts.Builder telnetListening() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("tcp", "0.0.0.0", 23, "in.telnetd"));
            return f;
        }

        @Test
        void passesWhenOnlySshListensExternally() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void loopbackOnlyHighRiskPortPasses() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("tcp", "127.0.0.1", 111, "rpcbind"))
                    .addPorts(port("tcp", "127.0.0.1", 5901, "Xvnc"));
            assertPass(eval(ID, f));
        }

        @Test
        void syslogReceiverOnUdp514IsNotRsh() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("udp", "0.0.0.0", 514, "rsyslogd"));
            assertPass(eval(ID, f));
        }

        @Test
        void telnetReachableIsHighAndMajorHazard() {
            var finding = assertStatus(Status.FAIL, eval(ID, telnetListening()));
            assertHigh(finding, true);
            assertEvidenceMentions(finding, "0.0.0.0:23 in.telnetd");
        }

        @Test
        void vncRangeAndSmbDetected() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("tcp6", "::", 5902, "Xvnc")).addPorts(port("tcp", "0.0.0.0", 445, "smbd"));
            var finding = assertStatus(Status.FAIL, eval(ID, f));
            assertEvidenceMentions(finding, "5902");
            assertEvidenceMentions(finding, "445");
        }

        @Test
        void accessRestrictionLowersToMedium() {
            assertLowered(assertStatus(Status.FAIL, eval(ID, telnetListening(), Map.of("access_restricted", "true"))),
                    Risk.MEDIUM, "access_restricted");
        }

        @Test
        void effectiveHidsLowersToMedium() {
            assertLowered(assertStatus(Status.FAIL, eval(ID, telnetListening(), Map.of("hids", "true"))),
                    Risk.MEDIUM, "hids");
        }

        @Test
        void liveHostWhoseSocketListingFailedGoesToTheAssessor() {
            Facts.Builder f = facts();
            f.setListeningPorts(cn.dengbao.sentinel.proto.ListeningPorts.newBuilder().setCollected(false));
            var finding = assertStatus(Status.MANUAL, eval(ID, f));
            org.junit.jupiter.api.Assertions.assertTrue(finding.getMessage().contains("ss -tulnp"), RuleHarness.describe(finding));
        }

        @Test
        void notApplicableOfflineWhereSocketsAreUnknown() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, offline()));
        }
    }

    @Nested
    class HighRiskServices {
        static final String ID = "high-risk-services-enabled";

        @Test
        void passesWithoutHighRiskServices() {
            assertPass(eval(ID, offline()));
        }

        @Test
        void enabledTelnetOfflineIsHighAndMajorHazard() {
            Facts.Builder f = offline();
            f.getServicesBuilder().addServices(service("telnet.socket", true, false));
            var finding = assertStatus(Status.FAIL, eval(ID, f));
            assertHigh(finding, true);
            assertEvidenceMentions(finding, "telnet.socket");
        }

        @Test
        void enabledVsftpdOnLiveHostIsMediumBecausePortsDecideReachability() {
            Facts.Builder f = facts();
            f.getServicesBuilder().addServices(service("vsftpd", true, true));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void instanceOfATemplateUnitCounts() {
            Facts.Builder f = offline();
            f.getServicesBuilder().addServices(service("vncserver@:1", true, false));
            assertEvidenceMentions(assertStatus(Status.FAIL, eval(ID, f)), "vncserver@:1");
        }

        @Test
        void disabledServiceDoesNotCount() {
            Facts.Builder f = offline();
            f.getServicesBuilder().addServices(service("smb", false, false));
            assertPass(eval(ID, f));
        }

        @Test
        void accessRestrictionLowersOfflineHighRisk() {
            Facts.Builder f = offline();
            f.getServicesBuilder().addServices(service("nfs-server", true, false));
            assertLowered(assertStatus(Status.FAIL, eval(ID, f, Map.of("access_restricted", "true"))),
                    Risk.MEDIUM, "access_restricted");
        }
    }

    @Nested
    class UnneededServices {
        static final String ID = "unneeded-services";

        @Test
        void passesWithoutUnneededServices() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void avahiCupsRpcbindFailLow() {
            Facts.Builder f = facts();
            f.getServicesBuilder().addServices(service("avahi-daemon", true, true)).addServices(service("cups", true, false))
                    .addServices(service("rpcbind.socket", true, true));
            var finding = assertFail(Risk.LOW, eval(ID, f));
            assertEvidenceMentions(finding, "avahi-daemon");
            assertEvidenceMentions(finding, "rpcbind.socket");
        }
    }

    @Nested
    class MgmtAccess {
        static final String ID = "mgmt-access-restricted";

        /** sshd without any address limit, and no firewall at all. */
        private Facts.Builder open() {
            Facts.Builder f = facts();
            f.getSshdBuilder().clearAllowUsers().clearListenAddresses();
            f.setFirewall(Firewall.newBuilder());
            return f;
        }

        @Test
        void allowUsersWithAddressPasses() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "secadmin@10.10.0.0/24");
        }

        @Test
        void listenAddressOnManagementNetworkPasses() {
            Facts.Builder f = open();
            f.getSshdBuilder().addListenAddresses(setting("/etc/ssh/sshd_config", "listenaddress", "10.10.0.7"));
            assertPass(eval(ID, f));
        }

        @Test
        void listenOnAnyAddressDoesNotCount() {
            Facts.Builder f = open();
            f.getSshdBuilder().addListenAddresses(setting("/etc/ssh/sshd_config", "listenaddress", "0.0.0.0"));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void firewalldRichRuleWithSourcePasses() {
            Facts.Builder f = facts();
            f.getSshdBuilder().clearAllowUsers();
            assertPass(eval(ID, f));
        }

        @Test
        void iptablesSourceRulePasses() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setIptablesEnabled(true).addIptablesRules(setting("/etc/sysconfig/iptables", "INPUT",
                    "-A INPUT -s 10.10.0.0/24 -p tcp -m tcp --dport 22 -j ACCEPT"));
            assertPass(eval(ID, f));
        }

        @Test
        void nftablesSourceRulePasses() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setNftablesEnabled(true).addNftablesRules(setting("/etc/nftables.conf", "input",
                    "ip saddr 10.10.0.0/24 tcp dport 22 accept"));
            assertPass(eval(ID, f));
        }

        @Test
        void tcpWrappersNeedAllowAndDeny() {
            // key = daemon list, value = the whole line, as the firewall probe records hosts.allow/deny
            Facts.Builder f = open();
            f.getFirewallBuilder().addHostsAllow(setting("/etc/hosts.allow", "sshd", "sshd: 10.10.0."));
            assertFail(Risk.MEDIUM, eval(ID, f));
            f.getFirewallBuilder().addHostsDeny(setting("/etc/hosts.deny", "ALL", "ALL: ALL"));
            assertPass(eval(ID, f));
        }

        @Test
        void tcpWrappersAllowingEveryoneDoNotCount() {
            Facts.Builder f = open();
            f.getFirewallBuilder().addHostsAllow(setting("/etc/hosts.allow", "sshd", "sshd: ALL"))
                    .addHostsDeny(setting("/etc/hosts.deny", "sshd", "sshd: ALL"));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void ufwRuleFromManagementNetworkPasses() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setUfwEnabled(true).addUfwRules(setting("/etc/ufw/user.rules", "tuple",
                    "allow tcp 22 0.0.0.0/0 any 10.10.0.0/24 in"));
            assertPass(eval(ID, f));
        }

        @Test
        void ufwRuleFromAnywhereIsPartial() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setUfwEnabled(true).addUfwRules(setting("/etc/ufw/user.rules", "tuple",
                    "allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in"));
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void firewallWithoutSourceLimitIsPartial() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setFirewalldInstalled(true).setFirewalldEnabled(true).setFirewalldDefaultZone("public")
                    .addFirewalldZoneRules(setting("/etc/firewalld/zones/public.xml", "public/service", "ssh"));
            assertPartial(Risk.LOW, eval(ID, f));
        }

        private Facts.Builder firewalldReach(String reach, String... sources) {
            Facts.Builder f = open();
            f.getFirewallBuilder().setFirewalldInstalled(true).setFirewalldEnabled(true).setFirewalldDefaultZone("public")
                    // the zone-rule patterns alone would pass on this rich rule
                    .addFirewalldZoneRules(setting("/etc/firewalld/zones/public.xml", "public/rich-rule",
                            "family=ipv4 source address=10.10.0.0/24 service name=ssh accept"))
                    .addFirewalldReach(cn.dengbao.sentinel.proto.PortReach.newBuilder().setPort(22).setService("ssh").setReach(reach)
                            .addAllSources(List.of(sources))
                            .addEvidence(setting("/etc/firewalld/zones/public.xml", "public", "<service name=\"ssh\"/>（对所有来源）")));
            return f;
        }

        @Test
        void firewalldZoneLevelSshNextToSourceRichRuleIsPartial() {
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, firewalldReach("any"))), "任意地址（any）");
        }

        @Test
        void firewalldReachFromListedSourcesPasses() {
            assertEvidenceMentions(assertPass(eval(ID, firewalldReach("sources", "10.10.0.0/24"))), "22/ssh：10.10.0.0/24");
        }

        @Test
        void firewalldSshReachableNowherePasses() {
            assertPass(eval(ID, firewalldReach("nowhere")));
        }

        @Test
        void iptablesAcceptFromAnywhereIsPartial() {
            Facts.Builder f = open();
            f.getFirewallBuilder().setIptablesEnabled(true).addIptablesRules(setting("/etc/sysconfig/iptables", "INPUT",
                    "-A INPUT -s 0.0.0.0/0 -p tcp --dport 22 -j ACCEPT"));
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void nothingFailsMedium() {
            assertFail(Risk.MEDIUM, eval(ID, open()));
        }

        @Test
        void accessRestrictedAttributePassesWithReason() {
            assertEvidenceMentions(assertPass(eval(ID, open(), Map.of("access_restricted", "true"))),
                    "access_restricted=true");
        }
    }

    @Nested
    class InputValidation {
        @Test
        void notApplicableToOperatingSystem() {
            var finding = assertStatus(Status.NOT_APPLICABLE, eval("input-validation-na", facts()));
            org.junit.jupiter.api.Assertions.assertFalse(finding.getMessage().isBlank(), RuleHarness.describe(finding));
        }
    }

    @Nested
    class SecurityUpdates {
        static final String ID = "security-updates-pending";

        private Facts.Builder pending() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addPendingUpdates(pkg("openssl", "1.1.1f-4.ky10"))
                    .addPendingSecurityUpdates(pkg("openssl", "1.1.1f-4.ky10"));
            return f;
        }

        @Test
        void passesWithNothingPending() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void pendingOnInternalHostIsMedium() {
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, pending())), "openssl 1.1.1f-4.ky10");
        }

        @Test
        void pendingOnInternetFacingHostIsHighMajorHazardEvenWithCompensations() {
            var finding = assertStatus(Status.FAIL, eval(ID, pending(),
                    Map.of("internet_facing", "true", "access_restricted", "true", "hids", "true")));
            assertHigh(finding, true);
        }

        @Test
        void notApplicableWhenPendingUnknown() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, offline()));
        }
    }

    @Nested
    class KernelLatest {
        static final String ID = "kernel-running-latest";

        @Test
        void passesWhenRunningNewest() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void olderRunningKernelIsPartial() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().addInstalledKernels("4.19.90-89.11.v2401.ky10.x86_64")
                    .setNewestInstalledKernel("4.19.90-89.11.v2401.ky10.x86_64");
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "4.19.90-89.11.v2401");
        }

        @Test
        void notApplicableOffline() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, offline()));
        }
    }

    @Nested
    class LastUpdate {
        static final String ID = "last-update-age";

        @Test
        void passesWhenUpdatedRecently() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void staleUpdatesArePartial() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().setLastUpdateEpochS(NOW_S - 200 * DAY_S);
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "200 天");
        }

        @Test
        void notApplicableWhenUnknown() {
            Facts.Builder f = facts();
            f.getPackagesBuilder().setLastUpdateEpochS(0);
            assertStatus(Status.NOT_APPLICABLE, eval(ID, f));
        }
    }

    @Nested
    class PatchManual {
        static final String ID = "patch-status-manual";

        @Test
        void manualWithWhatWasSeenWhenPendingUnknown() {
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval(ID, offline())), "未知（离线）");
        }

        @Test
        void notApplicableWhenPendingKnown() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, facts()));
        }
    }

    @Nested
    class Hids {
        static final String ID = "hids-present";
        static final String MANUAL_ID = "hids-manual";

        private Facts.Builder noHids() {
            Facts.Builder f = facts();
            f.getSecuritySoftwareBuilder().clearProducts().addProducts(product("clamav", "antivirus", true, NOW_S));
            return f;
        }

        @Test
        void runningWazuhPasses() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "wazuh-agent");
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, facts()));
        }

        @Test
        void aideTimerPasses() {
            Facts.Builder f = noHids();
            f.getServicesBuilder().addServices(service("aidecheck.timer", true, true));
            assertPass(eval(ID, f));
        }

        @Test
        void aideCheckRunByATimerOrCronPasses() {
            // the services probe lists .service/.socket units only; timers and cron entries arrive as scheduled jobs
            Facts.Builder f = noHids();
            f.getBackupBuilder().addJobs(cn.dengbao.sentinel.proto.ScheduledJob.newBuilder().setSchedule("daily")
                    .setUser("root").setCommand("/usr/sbin/aide --check"));
            assertPass(eval(ID, f));
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, f));
        }

        @Test
        void installedButStoppedIsPartial() {
            Facts.Builder f = noHids();
            f.getSecuritySoftwareBuilder().addProducts(product("sangfor-edr", "edr", false, 0));
            assertPartial(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void offlineEnabledAgentPasses() {
            assertPass(eval(ID, offline()));
        }

        @Test
        void hidsAttributePassesWithReason() {
            assertEvidenceMentions(assertPass(eval(ID, noHids(), Map.of("hids", "true"))), "hids=true");
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, noHids(), Map.of("hids", "true")));
        }

        @Test
        void nothingFoundIsManualNotFail() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, noHids()));
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval(MANUAL_ID, noHids())), "clamav");
        }
    }
}
