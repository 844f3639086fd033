package cn.dengbao.sentinel.probes.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.SshOption;
import cn.dengbao.sentinel.proto.SshOverride;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The effective sshd model: version defaults, Include order, Match reach, sshd -T, on the distributions' files. */
class SshdEffectiveTest {
    /** RHEL 9 / Rocky 9 / openEuler-style /etc/ssh/sshd_config (openssh-8.7p1 package): drop-ins first. */
    static final String RHEL9_SSHD_CONFIG = String.join("\n",
            "#\t$OpenBSD: sshd_config,v 1.104 2021/07/02 05:11:21 dtucker Exp $",
            "# To modify the system-wide sshd configuration, create a  *.conf  file under",
            "#  /etc/ssh/sshd_config.d/  which will be automatically included below",
            "Include /etc/ssh/sshd_config.d/*.conf",
            "#Port 22",
            "#PermitRootLogin prohibit-password",
            "#MaxAuthTries 6",
            "AuthorizedKeysFile\t.ssh/authorized_keys",
            "#PasswordAuthentication yes",
            "#ClientAliveInterval 0",
            "#ClientAliveCountMax 3",
            "Subsystem\tsftp\t/usr/libexec/openssh/sftp-server",
            "# Example of overriding settings on a per-user basis",
            "#Match User anoncvs",
            "#\tX11Forwarding no",
            "");
    /** RHEL 9's /etc/ssh/sshd_config.d/50-redhat.conf (openssh-server package). */
    static final String RHEL9_50_REDHAT = String.join("\n",
            "# This system is following system-wide crypto policy. The changes to",
            "# crypto properties (Ciphers, MACs, ...) will not have any effect in",
            "# this or following included files. To override some configuration option,",
            "# write it before this block or in a file included before this block.",
            "Include /etc/crypto-policies/back-ends/opensshserver.config",
            "",
            "SyslogFacility AUTHPRIV",
            "ChallengeResponseAuthentication no",
            "GSSAPIAuthentication yes",
            "GSSAPICleanupCredentials no",
            "UsePAM yes",
            "X11Forwarding yes",
            "PrintMotd no",
            "");
    /** RHEL 9 crypto-policies DEFAULT back-end for sshd (crypto-policies package), MACs still with SHA-1. */
    static final String RHEL9_CRYPTO_POLICY = "Ciphers aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes256-ctr,"
            + "aes128-gcm@openssh.com,aes128-ctr\n"
            + "MACs hmac-sha2-256-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-128-etm@openssh.com,"
            + "hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha1,umac-128@openssh.com,hmac-sha2-512\n"
            + "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
            + "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512\n";

    @TempDir
    Path root;

    private static Sshd collect(TestHost host, Packages packages) {
        Facts.Builder f = Facts.newBuilder();
        if (packages != null) {
            f.setPackages(packages);
        }
        new SshdProbe().collect(host.context(), f);
        return f.getSshd();
    }

    private static Packages rpm(String name, String version) {
        return Packages.newBuilder().setManager("rpm").addPackages(Package.newBuilder().setName(name).setVersion(version)).build();
    }

    @Test
    void debian12DefaultsComeFromTheVersionInDpkgStatus() {
        Sshd s = collect(new TestHost(new TestRoot(root).debian12()), null);
        assertEquals("9.2p1", s.getOpensshVersion());
        assertEquals(902, s.getOpensshVersionNum());
        assertEquals("files", s.getOptionsSource());
        SshOption root = s.getEffectiveOrThrow("permitrootlogin");
        assertTrue(root.getIsDefault());
        assertEquals(List.of("prohibit-password"), root.getValuesList());
        assertTrue(root.getGlobal().getSource().getExcerpt().contains("9.2p1"), root.getGlobal().getSource().getExcerpt());
        assertEquals(SshdDefaults.MACS_MODERN, s.getEffectiveOrThrow("macs").getValues(0), "unset MACs = the compiled-in list");
        assertEquals(List.of("yes"), s.getEffectiveOrThrow("x11forwarding").getValuesList(), "Debian's sshd_config line wins");
        assertEquals(4, s.getEffectiveOrThrow("x11forwarding").getGlobal().getSource().getLine());
    }

    @Test
    void matchAddressStarReEnablesRootLoginForEveryAddress() {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/ssh/sshd_config.d/10-harden.conf", "PermitRootLogin no\nPasswordAuthentication no\n")
                .file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\nX11Forwarding no\n"
                        + "Match Address *\n    PermitRootLogin yes\n"
                        + "Match User backup Address 10.0.0.0/8\n    PasswordAuthentication yes\n"
                        + "Match LocalPort 2222\n    PermitRootLogin yes\n    PasswordAuthentication yes\n");
        Sshd s = collect(new TestHost(rb), null);
        SshOption root = s.getEffectiveOrThrow("permitrootlogin");
        assertEquals("no", root.getGlobal().getValue());
        assertEquals("/etc/ssh/sshd_config.d/10-harden.conf", root.getGlobal().getSource().getPath());
        assertEquals(List.of("yes"), root.getValuesList(), "Address * reaches every connection: the global 'no' applies to none");
        assertEquals(1, root.getOverridesCount(), "LocalPort 2222 is not a port sshd listens on");
        SshOverride o = root.getOverrides(0);
        assertEquals("Address *", o.getCriteria());
        assertEquals("来自任意地址（0.0.0.0/0）的连接", o.getScope());
        assertEquals(5, o.getSource().getLine());
        assertEquals(4, o.getMatchSource().getLine());
        assertTrue(o.getSummary().contains("Match Address *") && o.getSummary().contains("/etc/ssh/sshd_config:5"), o.getSummary());
        SshOption pw = s.getEffectiveOrThrow("passwordauthentication");
        assertEquals(List.of("no", "yes"), pw.getValuesList());
        assertEquals("用户 backup且来自 10.0.0.0/8的连接", pw.getOverrides(0).getScope());
        assertFalse(s.getMatchBlocks(2).getReachable());
        assertTrue(s.getMatchBlocks(0).getReachable());
    }

    @Test
    void localPortBlockIsReachableWhenSshdListensThereAndMatchAllHidesTheGlobalValue() {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/ssh/sshd_config", "Port 22\nPort 2222\nMaxAuthTries 3\n"
                        + "Match LocalPort 2222\n    MaxAuthTries 10\n"
                        + "Match All\n    ClientAliveInterval 900\n"
                        + "Match User ops\n    ClientAliveInterval 60\n");
        Sshd s = collect(new TestHost(rb), null);
        assertEquals(List.of("3", "10"), s.getEffectiveOrThrow("maxauthtries").getValuesList());
        assertEquals("连接本机端口 2222的连接", s.getEffectiveOrThrow("maxauthtries").getOverrides(0).getScope());
        assertEquals(List.of("900"), s.getEffectiveOrThrow("clientaliveinterval").getValuesList(),
                "Match All sets it first for every connection: the default 0 and Match User ops never apply");
    }

    @Test
    void rhel9DropInAndCryptoPolicyDecideTheAlgorithms() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/ssh/sshd_config", RHEL9_SSHD_CONFIG)
                .file("/etc/ssh/sshd_config.d/50-redhat.conf", RHEL9_50_REDHAT)
                .file("/etc/ssh/sshd_config.d/01-permitrootlogin.conf", "# written by anaconda when root SSH is allowed\nPermitRootLogin yes\n")
                .file("/etc/crypto-policies/back-ends/opensshserver.config", RHEL9_CRYPTO_POLICY)
                .file("/usr/sbin/sshd", "");
        Sshd s = collect(new TestHost(rb), rpm("openssh-server", "8.7p1-38.el9"));
        assertEquals(807, s.getOpensshVersionNum());
        assertEquals(List.of("yes"), s.getEffectiveOrThrow("permitrootlogin").getValuesList());
        assertEquals("/etc/ssh/sshd_config.d/01-permitrootlogin.conf", s.getEffectiveOrThrow("permitrootlogin").getGlobal().getSource().getPath());
        SshOption macs = s.getEffectiveOrThrow("macs");
        assertFalse(macs.getIsDefault());
        assertTrue(macs.getValues(0).contains("hmac-sha1"));
        assertEquals("/etc/crypto-policies/back-ends/opensshserver.config", macs.getGlobal().getSource().getPath());
        assertEquals(List.of("yes"), s.getEffectiveOrThrow("x11forwarding").getValuesList());
    }

    @Test
    void centos7OpensshKeepsRootLoginDefaultYesAndOldVersionsOfferWeakMacs() {
        // CentOS 7's sshd_config (openssh-server-7.4p1): options commented out, UsePAM yes, X11Forwarding yes.
        TestRoot rb = new TestRoot(root).file("/etc/ssh/sshd_config", "#PermitRootLogin yes\nUsePAM yes\nX11Forwarding yes\n"
                + "ClientAliveInterval 600\nClientAliveCountMax 0\nMACs +hmac-md5\n").file("/usr/sbin/sshd", "");
        Sshd s = collect(new TestHost(rb), rpm("openssh-server", "7.4p1-23.el7_9"));
        assertEquals(704, s.getOpensshVersionNum());
        assertEquals(List.of("yes"), s.getEffectiveOrThrow("permitrootlogin").getValuesList());
        assertEquals(SshdDefaults.MACS_MODERN + ",hmac-md5", s.getEffectiveOrThrow("macs").getValues(0), "'+' appends to the default");
        Sshd old = collect(new TestHost(new TestRoot(root)), rpm("openssh-server", "6.6.1p1-35.el6"));
        assertEquals(606, old.getOpensshVersionNum());
        assertEquals(SshdDefaults.MACS_OLD, old.getEffectiveOrThrow("macs").getValues(0));
    }

    @Test
    void liveHostTakesSshdTAndKeepsTheFilesMatchBlocks() {
        TestRoot rb = new TestRoot(root).debian12()
                .file("/etc/ssh/sshd_config", "PermitRootLogin no\nMatch Group admins\n    PermitRootLogin prohibit-password\n");
        TestHost host = new TestHost(rb, AccessMode.LOCAL).command(FixedCommand.SSHD_T, 0,
                "port 22\npermitrootlogin no\nmacs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com\n");
        Sshd s = collect(host, null);
        assertEquals("sshd -T", s.getOptionsSource());
        SshOption macs = s.getEffectiveOrThrow("macs");
        assertEquals("sshd -T", macs.getGlobal().getSource().getCommand());
        assertEquals(List.of("no", "prohibit-password"), s.getEffectiveOrThrow("permitrootlogin").getValuesList());
        assertEquals("组 admins 的成员的连接", s.getEffectiveOrThrow("permitrootlogin").getOverrides(0).getScope());
    }

    @Test
    void algorithmListsResolveAgainstTheDefault() {
        assertEquals("a,b,c", EffectiveSshd.resolve("macs", "+c", "a,b"));
        assertEquals("c,a,b", EffectiveSshd.resolve("macs", "^c", "a,b"));
        assertEquals("b", EffectiveSshd.resolve("macs", "-a*", "a1,b,a2"));
        assertEquals("x", EffectiveSshd.resolve("macs", "x", "a,b"));
        assertEquals("+x", EffectiveSshd.resolve("permitrootlogin", "+x", "a"));
    }
}
