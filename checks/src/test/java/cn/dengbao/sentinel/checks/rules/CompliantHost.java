package cn.dengbao.sentinel.checks.rules;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.AuditRule;
import cn.dengbao.sentinel.proto.Backup;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FileMode;
import cn.dengbao.sentinel.proto.FilePermissions;
import cn.dengbao.sentinel.proto.Firewall;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.ListeningPorts;
import cn.dengbao.sentinel.proto.LogForward;
import cn.dengbao.sentinel.proto.LogRotation;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Pam;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.proto.PasswordPolicy;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.ScheduledJob;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.SecuritySoftware;
import cn.dengbao.sentinel.proto.Service;
import cn.dengbao.sentinel.proto.Services;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.proto.TrustedBoot;

/**
 * A live Kylin (RHEL-family) server on which every automated rule of 8.1.4.3–8.1.4.11 passes. Each test starts
 * from it and breaks exactly the fact its rule looks at, so a verdict change can only come from that fact.
 */
public final class CompliantHost {

    public static final long NOW_MS = 1_780_000_000_000L;
    public static final long NOW_S = NOW_MS / 1000;
    static final long DAY_S = 86_400L;

    private CompliantHost() {
    }

    static Source src(String path, int line, String excerpt) {
        return Source.newBuilder().setPath(path).setLine(line).setExcerpt(excerpt).build();
    }

    static Setting setting(String path, String key, String value) {
        return Setting.newBuilder().setKey(key).setValue(value).setSource(src(path, 1, key + " " + value)).build();
    }

    static AuditRule auditRule(String text) {
        return AuditRule.newBuilder().setText(text).setSource(src("/etc/audit/rules.d/sentinel.rules", 1, text)).build();
    }

    static FileMode file(String path, int mode, long uid) {
        return FileMode.newBuilder().setPath(path).setExists(true).setMode(mode)
                .setModeOctal(String.format("%04o", mode)).setUid(uid).setOwner(uid == 0 ? "root" : "user" + uid)
                .setGroup("root").build();
    }

    static Service service(String name, boolean enabled, boolean active) {
        return Service.newBuilder().setName(name).setEnabled(enabled).setActive(active).setManager("systemd")
                .setSource(src("/etc/systemd/system/multi-user.target.wants/" + name + ".service", 0, name)).build();
    }

    static ListeningPort port(String protocol, String address, int port, String process) {
        boolean loopback = address.startsWith("127.") || address.equals("::1");
        return ListeningPort.newBuilder().setProtocol(protocol).setAddress(address).setPort(port).setProcess(process)
                .setPid(1000 + port).setLoopbackOnly(loopback).build();
    }

    static Package pkg(String name, String version) {
        return Package.newBuilder().setName(name).setVersion(version).setArch("x86_64").build();
    }

    static SecurityProduct product(String name, String kind, boolean running, long signatureEpochS) {
        return SecurityProduct.newBuilder().setName(name).setKind(kind).setInstalled(true).setEnabled(true)
                .setRunning(running).setSignatureEpochS(signatureEpochS)
                .setSource(src("/usr/lib/systemd/system/" + name + ".service", 0, name)).build();
    }

    static Account account(String name, long uid, String algorithm) {
        return Account.newBuilder().setName(name).setUid(uid).setGid(uid).setShell("/bin/bash")
                .setInteractiveShell(true).setPasswordState(PasswordState.HASHED).setHashAlgorithm(algorithm)
                .setShadowEntry(true).setShadowSource(src("/etc/shadow", (int) uid + 1, name + ":<HASHED>:19000::::::"))
                .build();
    }

    static PamEntry pamUnixPassword(String... flags) {
        PamEntry.Builder e = PamEntry.newBuilder().setType("password").setControl("sufficient").setModule("pam_unix")
                .setSource(src("/etc/pam.d/system-auth", 20, "password sufficient pam_unix.so"));
        for (String f : flags) {
            e.addArgs(f).putOptions(f, "");
        }
        return e.build();
    }

    public static Facts.Builder facts() {
        String kernel = "4.19.90-52.22.v2207.ky10.x86_64";
        return Facts.newBuilder()
                .setSchemaVersion("1")
                .setReportId("r-compliant")
                .setHost(HostInfo.newBuilder().setHostname("kylin-web01").setAccessMode(AccessMode.LOCAL)
                        .setCollectedAtEpochMs(NOW_MS))
                .setOs(OsInfo.newBuilder().setId("kylin").setFamily(OsFamily.RHEL).setVersionId("V10")
                        .setPrettyName("Kylin Linux Advanced Server V10").setKernelRelease(kernel)
                        .setKernelCmdline("BOOT_IMAGE=/vmlinuz ro ima_policy=tcb"))
                .setAccounts(Accounts.newBuilder().setShadowReadable(true).setTodayDays(NOW_S / DAY_S)
                        .addAccounts(account("root", 0, "SHA512"))
                        .addAccounts(account("secadmin", 1000, "YESCRYPT"))
                        .addAccounts(Account.newBuilder().setName("bin").setUid(1).setShell("/sbin/nologin")
                                .setPasswordState(PasswordState.NO_PASSWORD).setShadowEntry(true)))
                .setPasswordPolicy(PasswordPolicy.newBuilder().setLoginDefsPresent(true)
                        .putLoginDefs("ENCRYPT_METHOD", setting("/etc/login.defs", "ENCRYPT_METHOD", "SHA512")))
                .setPam(Pam.newBuilder().addStacks(PamStack.newBuilder().setService("system-auth")
                        .addEntries(pamUnixPassword("sha512", "shadow", "try_first_pass", "use_authtok"))))
                .setSshd(Sshd.newBuilder().setInstalled(true).setConfigPresent(true)
                        .putOptions("macs", setting("/etc/ssh/sshd_config", "macs",
                                "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512"))
                        .putOptions("ciphers", setting("/etc/ssh/sshd_config", "ciphers",
                                "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes256-ctr"))
                        .addAllowUsers(setting("/etc/ssh/sshd_config", "allowusers", "secadmin@10.10.0.0/24"))
                        .addConfigFiles("/etc/ssh/sshd_config"))
                .setServices(Services.newBuilder().setInitSystem("systemd")
                        .addServices(service("sshd", true, true))
                        .addServices(service("auditd", true, true))
                        .addServices(service("rsyslog", true, true))
                        .addServices(service("firewalld", true, true))
                        .addServices(service("clamd@scan", true, true))
                        .addServices(service("wazuh-agent", true, true)))
                .setListeningPorts(ListeningPorts.newBuilder().setCollected(true)
                        .setSource(Source.newBuilder().setCommand("ss -H -tulnp"))
                        .addPorts(port("tcp", "0.0.0.0", 22, "sshd"))
                        .addPorts(port("tcp", "127.0.0.1", 25, "master"))
                        .addPorts(port("udp", "127.0.0.1", 323, "chronyd")))
                .setPackages(Packages.newBuilder().setManager("rpm")
                        .addPackages(pkg("openssh-server", "8.2p1-9.ky10"))
                        .addPackages(pkg("audit", "3.0-5.ky10"))
                        .addPackages(pkg("rsyslog", "8.2006.0-7.ky10"))
                        .addPackages(pkg("clamav", "0.103.8-1.ky10"))
                        .addPackages(pkg("aide", "0.16.2-2.ky10"))
                        .setPendingUpdatesKnown(true)
                        .setRunningKernel(kernel)
                        .addInstalledKernels(kernel)
                        .setNewestInstalledKernel(kernel)
                        .setLastUpdateEpochS(NOW_S - 10 * DAY_S)
                        .setSource(Source.newBuilder().setCommand("yum -q check-update")))
                .setAudit(Audit.newBuilder()
                        .setAuditdInstalled(true).setAuditdEnabled(true).setAuditdActive(true)
                        .putAuditdConf("log_format", setting("/etc/audit/auditd.conf", "log_format", "ENRICHED"))
                        .putAuditdConf("max_log_file_action",
                                setting("/etc/audit/auditd.conf", "max_log_file_action", "keep_logs"))
                        .putAuditdConf("disk_full_action", setting("/etc/audit/auditd.conf", "disk_full_action", "SUSPEND"))
                        .putAuditdConf("disk_error_action", setting("/etc/audit/auditd.conf", "disk_error_action", "SUSPEND"))
                        .addRules(auditRule("-w /etc/passwd -p wa -k identity"))
                        .addRules(auditRule("-w /etc/shadow -p wa -k identity"))
                        .addRules(auditRule("-w /etc/group -p wa -k identity"))
                        .addRules(auditRule("-w /etc/gshadow -p wa -k identity"))
                        .addRules(auditRule("-w /etc/sudoers -p wa -k scope"))
                        .addRules(auditRule("-a always,exit -F path=/usr/bin/sudo -F perm=x -F auid>=1000 -F auid!=unset -k privileged"))
                        .addRules(auditRule("-w /var/log/lastlog -p wa -k logins"))
                        .addRules(auditRule("-w /var/run/faillock -p wa -k logins"))
                        .addRules(auditRule("-w /var/log/wtmp -p wa -k session"))
                        .addRules(auditRule("-w /var/log/btmp -p wa -k session"))
                        .addRules(auditRule("-e 2"))
                        .setRulesImmutable(true)
                        .setRsyslogInstalled(true).setRsyslogEnabled(true)
                        .setJournaldPresent(true)
                        .addForwards(LogForward.newBuilder().setTarget("10.10.0.5:514").setProtocol("tcp")
                                .setSource(src("/etc/rsyslog.d/90-remote.conf", 1, "*.* @@10.10.0.5:514")))
                        .addRotations(LogRotation.newBuilder().setPathPattern("/var/log/messages").setRotate(26)
                                .setPeriod("weekly").setRetentionDays(182)
                                .setSource(src("/etc/logrotate.d/syslog", 1, "/var/log/messages")))
                        .addConfigFiles("/etc/audit/auditd.conf")
                        .addConfigFiles("/etc/rsyslog.conf"))
                .setFirewall(Firewall.newBuilder().setFirewalldInstalled(true).setFirewalldEnabled(true)
                        .setFirewalldDefaultZone("public")
                        // as the firewall probe renders a zone's rich rule
                        .addFirewalldZoneRules(setting("/etc/firewalld/zones/public.xml", "public/rich-rule",
                                "family=ipv4 source address=10.10.0.0/24 service name=ssh accept")))
                .setFilePermissions(FilePermissions.newBuilder()
                        .addFiles(file("/var/log/messages", 0600, 0))
                        .addFiles(file("/var/log/secure", 0600, 0))
                        .addFiles(file("/var/log/audit/audit.log", 0600, 0))
                        .addFiles(file("/etc/audit/auditd.conf", 0640, 0))
                        .addFiles(file("/etc/audit/rules.d/audit.rules", 0600, 0))
                        .addFiles(file("/etc/shadow", 0, 0)))
                .setSecuritySoftware(SecuritySoftware.newBuilder()
                        .addProducts(product("clamav", "antivirus", true, NOW_S - 2 * DAY_S))
                        .addProducts(product("wazuh-agent", "hids", true, 0)))
                .setTrustedBoot(TrustedBoot.newBuilder().setTpmPresent(true).setSecureBootKnown(true)
                        .setSecureBootEnabled(true).setImaEnabled(true).setAideInstalled(true)
                        .setAideDatabasePresent(true)
                        .addEvidence(setting("/sys/class/tpm/tpm0", "tpm", "tpm0")))
                .setBackup(Backup.newBuilder()
                        .addJobs(ScheduledJob.newBuilder().setSchedule("0 2 * * *").setUser("root")
                                .setCommand("/usr/local/bin/backup-db.sh").setLooksLikeBackup(true)
                                .setSource(src("/etc/cron.d/backup", 1, "0 2 * * * root /usr/local/bin/backup-db.sh")))
                        .addJobs(ScheduledJob.newBuilder().setSchedule("daily").setUser("root")
                                .setCommand("logrotate /etc/logrotate.conf")
                                .setSource(src("/etc/cron.daily/logrotate", 1, "logrotate"))));
    }

    /** The same host collected offline from its root filesystem: nothing is running, no sockets. */
    static Facts.Builder offline() {
        Facts.Builder f = facts();
        f.getHostBuilder().setAccessMode(AccessMode.ROOT).setRootDir("/mnt/image");
        f.getOsBuilder().setKernelRelease("").setKernelCmdline("");
        f.getPackagesBuilder().setRunningKernel("").setPendingUpdatesKnown(false);
        f.getAuditBuilder().setAuditdActive(false);
        f.setListeningPorts(ListeningPorts.newBuilder().setCollected(false));
        for (Service.Builder s : f.getServicesBuilder().getServicesBuilderList()) {
            s.setActive(false);
        }
        for (SecurityProduct.Builder p : f.getSecuritySoftwareBuilder().getProductsBuilderList()) {
            p.setRunning(false);
        }
        return f;
    }
}
