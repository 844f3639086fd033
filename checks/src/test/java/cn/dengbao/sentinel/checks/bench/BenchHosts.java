package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.rules.CompliantHost;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.Service;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SudoRule;

/**
 * Realistic fact sets for the benchmarks: 40 accounts and every section filled.
 * <ul>
 *   <li>{@link #compliant()}: {@link FactsFixtures#compliantHost()} (passes 8.1.4.1/8.1.4.2) plus 32 user accounts
 *       (as {@link EngineBenchmark}), with the sections {@link CompliantHost} fills for 8.1.4.3–8.1.4.11 (its
 *       dates moved to the fixture's "today");
 *   <li>{@link #failing()}: the same host badly kept: expired, idle, shared and password-less accounts, weak sshd,
 *       plaintext services, no audit rules, no security software — so most rules FAIL and also evaluate
 *       {@code high_when} and their evidence.
 * </ul>
 */
public final class BenchHosts {

    private static final long DAY_S = 86_400L;
    private static final long TODAY = FactsFixtures.TODAY_DAYS;
    private static final long NOW_S = TODAY * DAY_S;

    private BenchHosts() {}

    public static Facts compliant() {
        return compliantBuilder().build();
    }

    private static Facts.Builder compliantBuilder() {
        FactsFixtures f = FactsFixtures.compliantHost();
        for (int i = 0; i < 32; i++) {
            f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        Facts.Builder b = f.builder().clone();
        Facts other = CompliantHost.facts().build();
        b.setPackages(other.getPackages().toBuilder().setLastUpdateEpochS(NOW_S - 10 * DAY_S));
        b.setAudit(other.getAudit());
        b.setFirewall(other.getFirewall());
        b.setTrustedBoot(other.getTrustedBoot());
        b.setBackup(other.getBackup());
        b.getOsBuilder().setKernelRelease(other.getOs().getKernelRelease())
                .setKernelCmdline(other.getOs().getKernelCmdline());
        var sec = other.getSecuritySoftware().toBuilder();
        for (SecurityProduct.Builder p : sec.getProductsBuilderList()) {
            if (p.getSignatureEpochS() > 0) {
                p.setSignatureEpochS(NOW_S - 2 * DAY_S);
            }
        }
        b.setSecuritySoftware(sec);
        for (Service s : other.getServices().getServicesList()) {
            if (b.getServices().getServicesList().stream().noneMatch(x -> x.getName().equals(s.getName()))) {
                b.getServicesBuilder().addServices(s);
            }
        }
        b.getFilePermissionsBuilder().addAllFiles(other.getFilePermissions().getFilesList());
        for (ListeningPort p : other.getListeningPorts().getPortsList()) {
            if (p.getPort() != 22) {
                b.getListeningPortsBuilder().addPorts(p);
            }
        }
        b.getListeningPortsBuilder().setCollected(true);
        return b;
    }

    public static Facts failing() {
        Facts.Builder b = compliantBuilder();
        var acc = b.getAccountsBuilder();
        for (int i = 0; i < acc.getAccountsCount(); i++) {
            Account.Builder a = acc.getAccountsBuilder(i);
            if (a.getUid() < 1000 || !a.getInteractiveShell()) {
                continue;
            }
            switch (i % 5) {
                case 0 -> a.setMaxDays(99999).setLastChangeDays(TODAY - 400);
                case 1 -> a.setLastChangeDays(TODAY - 200).setLastLoginEpochS(NOW_S - 300 * DAY_S);
                case 2 -> a.setPasswordState(PasswordState.EMPTY).setHashAlgorithm("");
                case 3 -> a.setUid(0).setHashAlgorithm("MD5");
                default -> a.setLastLoginEpochS(NOW_S - 200 * DAY_S).setHashAlgorithm("DES");
            }
        }
        b.getAccountsBuilder().addAccounts(Account.newBuilder().setName("dup").setUid(1000).setGid(1000)
                .setShell("/bin/bash").setInteractiveShell(true).setPasswordState(PasswordState.HASHED)
                .setHashAlgorithm("SHA512").setShadowEntry(true).setLastChangeDays(TODAY - 10).setMaxDays(90));
        var pp = b.getPasswordPolicyBuilder();
        pp.clearPwquality().clearEffective().clearQualityModule();
        pp.putLoginDefs("PASS_MAX_DAYS", setting("PASS_MAX_DAYS", "99999", "/etc/login.defs"));
        pp.putLoginDefs("ENCRYPT_METHOD", setting("ENCRYPT_METHOD", "MD5", "/etc/login.defs"));
        pp.putLoginDefs("UMASK", setting("UMASK", "022", "/etc/login.defs"));
        b.getPamBuilder().clear();
        b.getLoginLockoutBuilder().clear();
        b.getSessionBuilder().clear();
        var sshd = b.getSshdBuilder();
        sshd.putOptions("permitrootlogin", setting("permitrootlogin", "yes", "/etc/ssh/sshd_config"));
        sshd.putOptions("ciphers", setting("ciphers", "aes128-cbc,3des-cbc,aes256-ctr", "/etc/ssh/sshd_config"));
        sshd.putOptions("macs", setting("macs", "hmac-md5,hmac-sha1", "/etc/ssh/sshd_config"));
        sshd.putOptions("kexalgorithms", setting("kexalgorithms", "diffie-hellman-group1-sha1", "/etc/ssh/sshd_config"));
        sshd.putOptions("protocol", setting("protocol", "1", "/etc/ssh/sshd_config"));
        sshd.putOptions("maxauthtries", setting("maxauthtries", "10", "/etc/ssh/sshd_config"));
        sshd.putOptions("clientaliveinterval", setting("clientaliveinterval", "0", "/etc/ssh/sshd_config"));
        sshd.putOptions("authenticationmethods", setting("authenticationmethods", "password", "/etc/ssh/sshd_config"));
        for (String svc : new String[] {"telnet", "vsftpd", "rsh", "cups", "avahi-daemon", "gdm"}) {
            b.getServicesBuilder().addServices(Service.newBuilder().setName(svc).setEnabled(true).setActive(true)
                    .setManager("systemd").setSource(src("/etc/systemd/system/" + svc + ".service", svc)));
        }
        int[] ports = {21, 23, 111, 139, 445, 512, 513, 3389, 5900};
        for (int p : ports) {
            b.getListeningPortsBuilder().addPorts(ListeningPort.newBuilder().setProtocol("tcp").setAddress("0.0.0.0")
                    .setPort(p).setProcess("p" + p).setPid(3000 + p));
        }
        b.getSudoersBuilder().addRules(SudoRule.newBuilder().setPrincipal("user1").setCommands("ALL").setAllCommands(true).setNopasswd(true)
                .setSource(src("/etc/sudoers", "user1 ALL=(ALL) NOPASSWD: ALL")));
        b.getAuditBuilder().clearRules().setRulesImmutable(false).setAuditdActive(false).clearForwards()
                .clearRotations();
        b.getFirewallBuilder().clear();
        b.getMacBuilder().clear();
        b.getSecuritySoftwareBuilder().clear();
        b.getTrustedBootBuilder().clear();
        b.getBackupBuilder().clear();
        var files = b.getFilePermissionsBuilder();
        for (int i = 0; i < files.getFilesCount(); i++) {
            files.getFilesBuilder(i).setMode(0777).setModeOctal("0777");
        }
        b.getPackagesBuilder().setLastUpdateEpochS(NOW_S - 400 * DAY_S).setNewestInstalledKernel("5.10.0-999");
        return b.build();
    }

    private static Setting setting(String key, String value, String path) {
        return FactsFixtures.setting(key, value, path);
    }

    private static Source src(String path, String excerpt) {
        return FactsFixtures.src(path, 1, excerpt);
    }
}
