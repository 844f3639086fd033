package cn.dengbao.sentinel.testkit;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FileMode;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.PamEntry;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.ProcessInfo;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.Service;
import cn.dengbao.sentinel.proto.ServiceLockout;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SshMatchBlock;
import cn.dengbao.sentinel.proto.SshOption;
import cn.dengbao.sentinel.proto.SshOverride;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.proto.SudoRule;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fluent builder of {@link Facts} for rule tests. Each method creates the section it touches (so the section is
 * "present" for {@code requires}); {@link #with} gives raw access to the proto builder for anything not covered.
 * {@link #compliantHost()} is a Debian host that passes every 8.1.4.1 / 8.1.4.2 rule: tests start from it and
 * break one thing.
 */
public final class FactsFixtures {

    /** Days since epoch used as "today" in fixtures (2026-11-24). */
    public static final long TODAY_DAYS = 20416;

    private static final Set<String> NON_INTERACTIVE = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false",
            "/usr/bin/false", "/bin/sync", "/sbin/shutdown", "/sbin/halt");

    private final Facts.Builder b;

    private FactsFixtures(Facts.Builder b) {
        this.b = b;
    }

    public static FactsFixtures of(OsFamily family, String id) {
        Facts.Builder b = Facts.newBuilder().setSchemaVersion("1").setReportId("test-report");
        b.getHostBuilder().setHostname("test-host").setCollectedAtEpochMs(TODAY_DAYS * 86_400_000L);
        b.getOsBuilder().setFamily(family).setId(id).setPrettyName(id);
        return new FactsFixtures(b);
    }

    public static FactsFixtures debian() {
        return of(OsFamily.DEBIAN, "debian");
    }

    public static FactsFixtures rhel() {
        return of(OsFamily.RHEL, "openEuler");
    }

    /** No sections at all except host: for "section absent" tests. */
    public static FactsFixtures bare() {
        Facts.Builder b = Facts.newBuilder().setSchemaVersion("1");
        b.getHostBuilder().setHostname("bare-host");
        return new FactsFixtures(b);
    }

    public static Source src(String path, int line, String excerpt) {
        return Source.newBuilder().setPath(path).setLine(line).setExcerpt(excerpt).build();
    }

    public static Setting setting(String key, String value, String path) {
        return Setting.newBuilder().setKey(key).setValue(value).setSource(src(path, 1, key + " " + value)).build();
    }

    public FactsFixtures with(Consumer<Facts.Builder> edit) {
        edit.accept(b);
        return this;
    }

    public Facts.Builder builder() {
        return b;
    }

    public Facts build() {
        return b.build();
    }

    // ------------------------------------------------------------------ accounts

    public FactsFixtures account(String name, long uid, String shell, PasswordState state) {
        return account(name, uid, shell, state, a -> { });
    }

    /** An account with shadow fields that pass age checks (changed 10 days ago, max 90) unless edited. */
    public FactsFixtures account(String name, long uid, String shell, PasswordState state, Consumer<Account.Builder> edit) {
        Account.Builder a = Account.newBuilder().setName(name).setUid(uid).setGid(uid).setHome("/home/" + name)
                .setShell(shell).setInteractiveShell(!NON_INTERACTIVE.contains(shell)).setPasswordState(state)
                .setHashAlgorithm(state == PasswordState.HASHED ? "SHA512" : "")
                .setLastChangeDays(TODAY_DAYS - 10).setMinDays(0).setMaxDays(90).setWarnDays(7)
                .setInactiveDays(-1).setExpireDays(-1).setShadowEntry(true)
                .setPasswdSource(src("/etc/passwd", 1, name + ":x:" + uid + ":" + uid + "::/home/" + name + ":" + shell))
                .setShadowSource(src("/etc/shadow", 1, name + ":<" + state.name() + ">:" + (TODAY_DAYS - 10) + ":0:90:7:::"));
        edit.accept(a);
        b.getAccountsBuilder().setShadowReadable(true).setTodayDays(TODAY_DAYS).addAccounts(a);
        return this;
    }

    public FactsFixtures editAccount(String name, Consumer<Account.Builder> edit) {
        for (Account.Builder a : b.getAccountsBuilder().getAccountsBuilderList()) {
            if (a.getName().equals(name)) {
                edit.accept(a);
                return this;
            }
        }
        throw new IllegalArgumentException("no account " + name);
    }

    public FactsFixtures removeAccount(String name) {
        var acc = b.getAccountsBuilder();
        for (int i = 0; i < acc.getAccountsCount(); i++) {
            if (acc.getAccounts(i).getName().equals(name)) {
                acc.removeAccounts(i);
                return this;
            }
        }
        throw new IllegalArgumentException("no account " + name);
    }

    // ------------------------------------------------------------------ password policy, PAM, lockout

    public FactsFixtures loginDef(String key, String value) {
        b.getPasswordPolicyBuilder().setLoginDefsPresent(true).putLoginDefs(key, setting(key, value, "/etc/login.defs"));
        return this;
    }

    public FactsFixtures removeLoginDef(String key) {
        b.getPasswordPolicyBuilder().removeLoginDefs(key);
        return this;
    }

    public FactsFixtures pwquality(String key, String value) {
        b.getPasswordPolicyBuilder().putPwquality(key, setting(key, value, "/etc/security/pwquality.conf"));
        return this;
    }

    /** Effective password-quality value (merged pwquality.conf + PAM args). */
    public FactsFixtures passwordEffective(String key, String value) {
        b.getPasswordPolicyBuilder().putEffective(key, setting(key, value, "/etc/pam.d/common-password"));
        return this;
    }

    public FactsFixtures removePasswordEffective(String key) {
        b.getPasswordPolicyBuilder().removeEffective(key);
        return this;
    }

    public FactsFixtures qualityModule(String module) {
        b.getPasswordPolicyBuilder().setQualityModule(module).setPasswordStack("common-password");
        return this;
    }

    public FactsFixtures pamEntry(String service, String type, String control, String module, String... args) {
        PamEntry.Builder e = PamEntry.newBuilder().setType(type).setControl(control).setModule(module)
                .setSource(src("/etc/pam.d/" + service, 1, type + " " + control + " " + module + ".so " + String.join(" ", args)));
        for (String arg : args) {
            e.addArgs(arg);
            int eq = arg.indexOf('=');
            e.putOptions(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        var pam = b.getPamBuilder();
        for (PamStack.Builder s : pam.getStacksBuilderList()) {
            if (s.getService().equals(service)) {
                s.addEntries(e);
                return this;
            }
        }
        pam.addStacks(PamStack.newBuilder().setService(service).addEntries(e));
        return this;
    }

    public FactsFixtures lockout(String module, String deny, String unlockTime) {
        var l = b.getLoginLockoutBuilder().setModule(module).clearStacks().addStacks("common-auth");
        if (deny != null) {
            l.putEffective("deny", setting("deny", deny, "/etc/security/faillock.conf"));
        } else {
            l.removeEffective("deny");
        }
        if (unlockTime != null) {
            l.putEffective("unlock_time", setting("unlock_time", unlockTime, "/etc/security/faillock.conf"));
        } else {
            l.removeEffective("unlock_time");
        }
        return this;
    }

    /**
     * Adds a login service's own lockout (as the probe reads it from the stack the service really runs); an empty
     * module means that service's stack has none, and {@code stack} then lists the auth files examined.
     */
    public FactsFixtures lockoutService(String service, String module, String stack) {
        var s = ServiceLockout.newBuilder().setService(service).setModule(module).setStack(stack);
        if (module.isEmpty()) {
            s.setReason("认证栈中无 pam_faillock / pam_tally2").setSource(Source.newBuilder().setPath("/etc/pam.d/" + service));
        } else {
            s.setSource(src("/etc/pam.d/" + stack.substring(stack.lastIndexOf(' ') + 1), 2, "auth required " + module + ".so preauth"))
                    .putAllEffective(b.getLoginLockout().getEffectiveMap());
        }
        b.getLoginLockoutBuilder().addServices(s);
        return this;
    }

    public FactsFixtures noLockout() {
        b.getLoginLockoutBuilder().setModule("").clearStacks().clearEffective();
        return this;
    }

    // ------------------------------------------------------------------ session

    public FactsFixtures tmout(String value, boolean readonly) {
        var s = b.getSessionBuilder().clearTmout().clearTmoutReadonly();
        if (value != null) {
            s.addTmout(setting("TMOUT", value, "/etc/profile.d/tmout.sh"));
            if (readonly) {
                s.addTmoutReadonly(setting("readonly", "TMOUT", "/etc/profile.d/tmout.sh"));
            }
        }
        return this;
    }

    public FactsFixtures umask(String... values) {
        var s = b.getSessionBuilder().clearUmask();
        for (String v : values) {
            s.addUmask(setting("umask", v, "/etc/profile"));
        }
        return this;
    }

    // ------------------------------------------------------------------ sshd

    /** Sets an effective global sshd option (lower-case keyword); marks sshd installed; Match overrides stay. */
    public FactsFixtures sshd(String key, String value) {
        String k = key.toLowerCase();
        Setting global = setting(key, value, "/etc/ssh/sshd_config");
        Sshd.Builder s = b.getSshdBuilder().setInstalled(true).setConfigPresent(true).putOptions(k, global);
        if (s.containsEffective(k)) {
            SshOption old = s.getEffectiveOrThrow(k);
            SshOption.Builder o = old.toBuilder().setGlobal(global).setIsDefault(false).clearValues().addValues(value);
            old.getOverridesList().forEach(x -> o.addValues(x.getValue()));
            s.putEffective(k, o.build());
        }
        return this;
    }

    public FactsFixtures removeSshd(String key) {
        b.getSshdBuilder().removeOptions(key.toLowerCase()).removeEffective(key.toLowerCase());
        return this;
    }

    /** The installed OpenSSH version as the sshd probe records it from the package database ("7.4p1", 704). */
    public FactsFixtures sshdVersion(String version, int number) {
        b.getSshdBuilder().setOpensshVersion(version).setOpensshVersionNum(number);
        return this;
    }

    /**
     * A reachable Match block setting one option, as the sshd probe's effective model records it: the option's
     * values become the global one (if set) and this override's.
     */
    public FactsFixtures sshdMatch(String criteria, String scope, String key, String value) {
        String k = key.toLowerCase();
        Sshd.Builder s = b.getSshdBuilder().setInstalled(true).setConfigPresent(true);
        int line = 40 + 2 * s.getMatchBlocksCount();
        Source matchLine = Source.newBuilder().setPath("/etc/ssh/sshd_config").setLine(line).setExcerpt("Match " + criteria).build();
        Source optionLine = Source.newBuilder().setPath("/etc/ssh/sshd_config").setLine(line + 1)
                .setExcerpt("    " + key + " " + value).build();
        s.addMatchBlocks(SshMatchBlock.newBuilder().setCriteria(criteria).setSource(matchLine).setReachable(true).setScope(scope)
                .putOptions(k, Setting.newBuilder().setKey(k).setValue(value).setSource(optionLine).build()));
        SshOption.Builder o;
        if (s.containsEffective(k)) {
            o = s.getEffectiveOrThrow(k).toBuilder();
        } else {
            o = SshOption.newBuilder();
            if (s.containsOptions(k)) {
                o.setGlobal(s.getOptionsOrThrow(k)).addValues(s.getOptionsOrThrow(k).getValue());
            }
        }
        o.addOverrides(SshOverride.newBuilder().setCriteria(criteria).setScope(scope).setValue(value).setSource(optionLine)
                .setMatchSource(matchLine).setSummary("Match " + criteria + "（" + scope + "）：" + key + " " + value
                        + "（/etc/ssh/sshd_config:" + (line + 1) + "）")).addValues(value);
        s.putEffective(k, o.build());
        return this;
    }

    public FactsFixtures sshdNotInstalled() {
        b.getSshdBuilder().clear().setInstalled(false).setConfigPresent(false);
        return this;
    }

    // ------------------------------------------------------------------ services, ports, processes, packages

    public FactsFixtures service(String name, boolean enabled, boolean active) {
        b.getServicesBuilder().setInitSystem("systemd").addServices(Service.newBuilder().setName(name)
                .setEnabled(enabled).setActive(active).setManager("systemd")
                .setSource(src("/etc/systemd/system/multi-user.target.wants/" + name + ".service", 0, name)));
        return this;
    }

    public FactsFixtures noListeningPortsCollected() {
        b.getListeningPortsBuilder().clear().setCollected(false);
        return this;
    }

    public FactsFixtures listening(String protocol, String address, int port, String process) {
        b.getListeningPortsBuilder().setCollected(true).addPorts(ListeningPort.newBuilder().setProtocol(protocol)
                .setAddress(address).setPort(port).setProcess(process)
                .setLoopbackOnly(address.startsWith("127.") || address.equals("::1")));
        return this;
    }

    public FactsFixtures process(String name, String user, String commandLine) {
        b.getProcessesBuilder().setCollected(true).addProcesses(ProcessInfo.newBuilder()
                .setPid(100 + b.getProcessesBuilder().getProcessesCount()).setName(name).setUser(user)
                .setCommandLine(commandLine));
        return this;
    }

    public FactsFixtures noProcessesCollected() {
        b.getProcessesBuilder().clear().setCollected(false);
        return this;
    }

    public FactsFixtures pkg(String name, String version) {
        b.getPackagesBuilder().setManager("dpkg").addPackages(Package.newBuilder().setName(name).setVersion(version));
        return this;
    }

    public FactsFixtures securityProduct(String name, String kind, boolean running, long signatureEpochS) {
        b.getSecuritySoftwareBuilder().addProducts(SecurityProduct.newBuilder().setName(name).setKind(kind)
                .setInstalled(true).setEnabled(true).setRunning(running).setSignatureEpochS(signatureEpochS));
        return this;
    }

    // ------------------------------------------------------------------ sudo, files, MAC

    public FactsFixtures sudo(String principal, String commands, boolean nopasswd) {
        b.getSudoersBuilder().setPresent(true).addRules(SudoRule.newBuilder().setPrincipal(principal).setHosts("ALL")
                .setRunas("ALL").setCommands(commands).setNopasswd(nopasswd).setAllCommands(commands.equals("ALL"))
                .setSource(src("/etc/sudoers", 1, principal + " ALL=(ALL) " + (nopasswd ? "NOPASSWD: " : "") + commands)));
        return this;
    }

    public FactsFixtures file(String path, String modeOctal, String owner) {
        var fp = b.getFilePermissionsBuilder();
        for (int i = 0; i < fp.getFilesCount(); i++) {
            if (fp.getFiles(i).getPath().equals(path)) {
                fp.removeFiles(i);
                break;
            }
        }
        fp.addFiles(FileMode.newBuilder().setPath(path).setExists(true).setMode(Integer.parseInt(modeOctal, 8))
                .setModeOctal(modeOctal).setOwner(owner).setGroup(owner).setUid(owner.equals("root") ? 0 : 1000));
        return this;
    }

    public FactsFixtures selinux(String configMode, String currentMode) {
        b.getMacBuilder().setSelinuxPresent(true).setSelinuxConfigMode(configMode).setSelinuxCurrentMode(currentMode)
                .setSelinuxConfigType("targeted").setSource(src("/etc/selinux/config", 1, "SELINUX=" + configMode));
        return this;
    }

    public FactsFixtures apparmor(boolean enabled, int enforce, int complain) {
        b.getMacBuilder().setApparmorPresent(true).setApparmorEnabled(enabled).setApparmorProfilesEnforce(enforce)
                .setApparmorProfilesComplain(complain);
        return this;
    }

    public FactsFixtures noMac() {
        b.getMacBuilder().clear();
        return this;
    }

    // ------------------------------------------------------------------ collection errors

    public FactsFixtures collectionError(String fact, String path, ErrorKind kind) {
        b.addCollectionErrors(CollectionError.newBuilder().setFact(fact).setPath(path).setKind(kind)
                .setDetail("test"));
        return this;
    }

    // ------------------------------------------------------------------ baseline

    /**
     * A Debian host configured to pass every 8.1.4.1 and 8.1.4.2 rule: unique hashed accounts, pwquality
     * minlen 8 / minclass 3 / remember 5, PASS_MAX_DAYS 90, faillock deny 5 / 600 s, readonly TMOUT 600, sshd
     * hardened with publickey+password, no plaintext services, SELinux-free AppArmor enforcing, tight files.
     */
    public static FactsFixtures compliantHost() {
        FactsFixtures f = debian()
                .account("root", 0, "/bin/bash", PasswordState.HASHED)
                .account("daemon", 1, "/usr/sbin/nologin", PasswordState.NO_PASSWORD)
                .account("sync", 4, "/bin/sync", PasswordState.NO_PASSWORD)
                .account("games", 5, "/usr/sbin/nologin", PasswordState.NO_PASSWORD)
                .account("lp", 7, "/usr/sbin/nologin", PasswordState.NO_PASSWORD)
                .account("sshd", 110, "/usr/sbin/nologin", PasswordState.LOCKED)
                .account("alice", 1000, "/bin/bash", PasswordState.HASHED, a -> a.setLastLoginEpochS((TODAY_DAYS - 1) * 86_400L))
                .account("audit", 1001, "/bin/bash", PasswordState.HASHED)
                .loginDef("PASS_MAX_DAYS", "90")
                .loginDef("PASS_MIN_DAYS", "1")
                .loginDef("UMASK", "027")
                .qualityModule("pam_pwquality")
                .pwquality("minlen", "8")
                .pwquality("minclass", "3")
                .passwordEffective("minlen", "8")
                .passwordEffective("minclass", "3")
                .passwordEffective("remember", "5")
                .pamEntry("common-password", "password", "requisite", "pam_pwquality", "retry=3")
                .pamEntry("common-password", "password", "required", "pam_pwhistory", "remember=5")
                .pamEntry("sshd", "auth", "required", "pam_faillock", "preauth")
                .pamEntry("sshd", "auth", "required", "pam_google_authenticator")
                .lockout("pam_faillock", "5", "600")
                .tmout("600", true)
                .umask("027")
                .sshd("Protocol", "2")
                .sshd("PermitRootLogin", "no")
                .sshd("ClientAliveInterval", "300")
                .sshd("ClientAliveCountMax", "2")
                .sshd("MaxAuthTries", "4")
                .sshd("Ciphers", "aes256-gcm@openssh.com,aes256-ctr")
                .sshd("MACs", "hmac-sha2-512-etm@openssh.com,hmac-sha2-256")
                .sshd("KexAlgorithms", "curve25519-sha256,diffie-hellman-group16-sha512")
                .sshd("AuthenticationMethods", "publickey,keyboard-interactive")
                .service("ssh", true, true)
                .service("cron", true, true)
                .listening("tcp", "0.0.0.0", 22, "sshd")
                .process("sshd", "root", "/usr/sbin/sshd -D")
                .process("mysqld", "mysql", "/usr/sbin/mysqld")
                .sudo("%sudo", "ALL", false)
                .sudo("audit", "/usr/sbin/ausearch", false)
                .file("/etc/passwd", "0644", "root")
                .file("/etc/group", "0644", "root")
                .file("/etc/shadow", "0640", "root")
                .file("/etc/gshadow", "0640", "root")
                .file("/etc/ssh/sshd_config", "0600", "root")
                .file("/etc/sudoers", "0440", "root")
                .apparmor(true, 30, 0);
        f.b.getPackagesBuilder().setManager("dpkg");
        return f;
    }
}
