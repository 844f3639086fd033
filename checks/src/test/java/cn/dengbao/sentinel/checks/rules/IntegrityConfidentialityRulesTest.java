package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.rules.CompliantHost.account;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.facts;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.offline;
import static cn.dengbao.sentinel.checks.rules.CompliantHost.pamUnixPassword;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Pam;
import cn.dengbao.sentinel.proto.PamStack;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Sshd;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.proto.TrustedBoot;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** 8.1.4.7 数据完整性 and 8.1.4.8 数据保密性. */
class IntegrityConfidentialityRulesTest {

    private static Facts.Builder withSshdOption(String key, String value) {
        Facts.Builder f = facts();
        f.getSshdBuilder().putOptions(key, setting("/etc/ssh/sshd_config", key, value));
        return f;
    }

    @Nested
    class Macs {
        static final String ID = "sshd-macs-integrity";

        @Test
        void strongOnlyPasses() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void sm3MacPasses() {
            assertPass(eval(ID, withSshdOption("macs", "hmac-sm3,hmac-sha2-256-etm@openssh.com")));
        }

        @Test
        void sha1OrMd5Fails() {
            var finding = assertFail(Risk.MEDIUM, eval(ID, withSshdOption("macs", "hmac-sha2-256,hmac-sha1,hmac-md5-96")));
            assertEvidenceMentions(finding, "hmac-md5-96");
        }

        /** issue 16: the one MAC rule also serves 8.1.4.1c (formerly sshd-strong-macs, which passed an unset MACs). */
        @Test
        void servesBothClauses() {
            var finding = eval(ID, withSshdOption("macs", "hmac-md5"));
            assertEquals("8.1.4.7a", finding.getClause());
            assertEquals(java.util.List.of("8.1.4.1c"), finding.getAlsoClausesList());
        }

        @Test
        void unsetIsPartialBecauseDefaultsIncludeSha1() {
            Facts.Builder f = facts();
            f.getSshdBuilder().removeOptions("macs");
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void notApplicableWithoutSshd() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, facts().setSshd(Sshd.newBuilder().setInstalled(false))));
        }

        @Test
        void unreadableSshdConfigIsError() {
            Facts.Builder f = facts().addCollectionErrors(CollectionError.newBuilder().setFact("sshd")
                    .setPath("/etc/ssh/sshd_config").setKind(ErrorKind.PERMISSION_DENIED));
            assertStatus(Status.ERROR, eval(ID, f));
        }
    }

    @Nested
    class PlaintextIntegrity {
        static final String ID = "plaintext-protocols-integrity";

        @Test
        void sshOnlyPasses() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void rloginEnabledFails() {
            Facts.Builder f = offline();
            f.getServicesBuilder().addServices(service("rlogin.socket", true, false));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "rlogin.socket");
        }

        @Test
        void ftpPortListeningFails() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("tcp", "0.0.0.0", 21, "pure-ftpd"));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }
    }

    @Nested
    class FileIntegrity {
        static final String ID = "file-integrity-tool";
        static final String MANUAL_ID = "file-integrity-manual";

        private Facts.Builder noTools() {
            Facts.Builder f = facts();
            f.setTrustedBoot(TrustedBoot.newBuilder().setTpmPresent(true));
            f.getSecuritySoftwareBuilder().clearProducts().addProducts(product("clamav", "antivirus", true, 0));
            return f;
        }

        @Test
        void aideDatabasePasses() {
            assertPass(eval(ID, facts()));
            assertStatus(Status.NOT_APPLICABLE, eval(MANUAL_ID, facts()));
        }

        @Test
        void aideWithoutDatabaseIsPartial() {
            Facts.Builder f = noTools();
            f.getTrustedBootBuilder().setAideInstalled(true);
            assertEvidenceMentions(assertPartial(Risk.LOW, eval(ID, f)), "基线数据库：不存在");
        }

        @Test
        void fimProductPasses() {
            Facts.Builder f = noTools();
            f.getSecuritySoftwareBuilder().addProducts(product("tripwire", "fim", true, 0));
            assertPass(eval(ID, f));
        }

        @Test
        void nothingFoundIsManual() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, noTools()));
            assertEvidenceMentions(assertStatus(Status.MANUAL, eval(MANUAL_ID, noTools())), "AIDE 已安装：否");
        }
    }

    @Nested
    class Ciphers {
        static final String ID = "sshd-ciphers-confidentiality";

        @Test
        void strongCiphersPass() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void unsetUsesSafeDefaults() {
            Facts.Builder f = facts();
            f.getSshdBuilder().removeOptions("ciphers");
            assertEvidenceMentions(assertPass(eval(ID, f)), "默认");
        }

        /** issue 16: the one cipher rule also serves 8.1.4.1c (formerly sshd-strong-ciphers). */
        @Test
        void servesBothClauses() {
            var finding = eval(ID, withSshdOption("ciphers", "aes128-cbc"));
            assertEquals("8.1.4.8a", finding.getClause());
            assertEquals(java.util.List.of("8.1.4.1c"), finding.getAlsoClausesList());
        }

        @Test
        void cbcFails() {
            assertFail(Risk.MEDIUM, eval(ID, withSshdOption("ciphers", "aes256-ctr,aes128-cbc")));
        }

        @Test
        void arcfourAnd3desFail() {
            assertFail(Risk.MEDIUM, eval(ID, withSshdOption("ciphers", "+3des-cbc")));
            assertFail(Risk.MEDIUM, eval(ID, withSshdOption("ciphers", "aes128-ctr,arcfour256")));
        }

        @Test
        void notApplicableWithoutSshd() {
            assertStatus(Status.NOT_APPLICABLE, eval(ID, facts().setSshd(Sshd.newBuilder())));
        }
    }

    @Nested
    class PlaintextConfidentiality {
        static final String ID = "plaintext-protocols-confidentiality";

        private Facts.Builder telnet() {
            Facts.Builder f = facts();
            f.getServicesBuilder().addServices(service("telnet.socket", true, true));
            return f;
        }

        @Test
        void sshOnlyPasses() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void telnetIsHighMajorHazard() {
            assertHigh(assertStatus(Status.FAIL, eval(ID, telnet())), true);
        }

        @Test
        void vncListeningIsHigh() {
            Facts.Builder f = facts();
            f.getListeningPortsBuilder().addPorts(port("tcp", "0.0.0.0", 5901, "Xvnc"));
            assertHigh(assertStatus(Status.FAIL, eval(ID, f)), true);
        }

        /** issue 16: inetd.conf's "shell" and xinetd's "login"/"exec" are rsh, rlogin and rexec. */
        @Test
        void inetdShellLoginExecAreRServices() {
            for (String name : java.util.List.of("shell", "login", "exec")) {
                Facts.Builder f = facts();
                f.getServicesBuilder().addServices(cn.dengbao.sentinel.proto.Service.newBuilder().setName(name)
                        .setManager(name.equals("shell") ? "inetd" : "xinetd").setEnabled(true));
                assertHigh(assertStatus(Status.FAIL, eval(ID, f)), true);
            }
            Facts.Builder systemdLogin = facts();
            systemdLogin.getServicesBuilder().addServices(service("login", true, true));
            assertPass(eval(ID, systemdLogin));
        }

        @Test
        void mfaBastionLowersToMedium() {
            assertLowered(assertStatus(Status.FAIL, eval(ID, telnet(), Map.of("mfa_bastion", "true"))),
                    Risk.MEDIUM, "mfa_bastion");
        }
    }

    @Nested
    class PasswordHash {
        static final String ID = "password-hash-strong";

        @Test
        void sha512AndYescryptPass() {
            assertEvidenceMentions(assertPass(eval(ID, facts())), "secadmin：YESCRYPT");
        }

        @Test
        void md5HashFailsMedium() {
            Facts.Builder f = facts();
            f.getAccountsBuilder().addAccounts(account("legacy", 1001, "MD5"));
            assertEvidenceMentions(assertFail(Risk.MEDIUM, eval(ID, f)), "legacy：MD5");
        }

        @Test
        void sha256IsPartial() {
            Facts.Builder f = facts();
            f.getAccountsBuilder().addAccounts(account("ops", 1002, "SHA256"));
            assertPartial(Risk.LOW, eval(ID, f));
        }

        @Test
        void unreadableShadowIsErrorNotPass() {
            Facts.Builder f = facts().addCollectionErrors(CollectionError.newBuilder().setFact("accounts.shadow")
                    .setPath("/etc/shadow").setKind(ErrorKind.PERMISSION_DENIED));
            assertStatus(Status.ERROR, eval(ID, f));
        }
    }

    @Nested
    class EncryptMethod {
        static final String ID = "login-defs-encrypt-method";

        @Test
        void sha512Passes() {
            assertPass(eval(ID, facts()));
        }

        @Test
        void pamYescryptAlonePasses() {
            Facts.Builder f = facts();
            f.getPasswordPolicyBuilder().clearLoginDefs();
            f.setPam(Pam.newBuilder().addStacks(PamStack.newBuilder().setService("common-password")
                    .addEntries(pamUnixPassword("obscure", "yescrypt"))));
            assertPass(eval(ID, f));
        }

        @Test
        void md5Fails() {
            Facts.Builder f = facts();
            f.getPasswordPolicyBuilder().putLoginDefs("ENCRYPT_METHOD", setting("/etc/login.defs", "ENCRYPT_METHOD", "MD5"));
            f.setPam(Pam.newBuilder().addStacks(PamStack.newBuilder().setService("system-auth")
                    .addEntries(pamUnixPassword("shadow"))));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void pamMd5FlagFailsEvenWithStrongLoginDefs() {
            Facts.Builder f = facts();
            f.setPam(Pam.newBuilder().addStacks(PamStack.newBuilder().setService("system-auth")
                    .addEntries(pamUnixPassword("md5", "shadow"))));
            assertFail(Risk.MEDIUM, eval(ID, f));
        }

        @Test
        void nothingExplicitIsPartial() {
            Facts.Builder f = facts();
            f.getPasswordPolicyBuilder().clearLoginDefs();
            f.setPam(Pam.newBuilder().addStacks(PamStack.newBuilder().setService("system-auth")
                    .addEntries(pamUnixPassword("shadow"))));
            assertPartial(Risk.LOW, eval(ID, f));
        }
    }
}
