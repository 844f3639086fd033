package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.testsupport.FactsFixtures.compliantHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.dengbao.sentinel.checks.testsupport.FactsFixtures;
import cn.dengbao.sentinel.checks.testsupport.RuleHarness;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 8.1.4.1 身份鉴别 rules: one case per verdict each rule can give, each built from the compliant host with one
 * thing changed.
 */
class IdentificationRulesTest {

    record Case(String rule, String name, UnaryOperator<FactsFixtures> change, Map<String, String> attrs,
                Status status, Risk risk) {
        @Override
        public String toString() {
            return rule + ": " + name;
        }
    }

    static Case c(String rule, String name, UnaryOperator<FactsFixtures> change, Status status, Risk risk) {
        return new Case(rule, name, change, Map.of(), status, risk);
    }

    static Case c(String rule, String name, UnaryOperator<FactsFixtures> change, Map<String, String> attrs,
                  Status status, Risk risk) {
        return new Case(rule, name, change, attrs, status, risk);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // account-empty-password
                c("account-empty-password", "all hashed", f -> f, Status.PASS, Risk.NONE),
                c("account-empty-password", "empty password on a login account is high + major hazard",
                        f -> f.account("guest", 1002, "/bin/bash", PasswordState.EMPTY), Status.FAIL, Risk.HIGH),
                c("account-empty-password", "mfa bastion lowers to medium",
                        f -> f.account("guest", 1002, "/bin/bash", PasswordState.EMPTY),
                        Map.of("mfa_bastion", "true"), Status.FAIL, Risk.MEDIUM),
                c("account-empty-password", "empty password with nologin shell is fine",
                        f -> f.account("svc", 998, "/usr/sbin/nologin", PasswordState.EMPTY), Status.PASS, Risk.NONE),
                c("account-empty-password", "shadow unreadable is an error",
                        f -> f.collectionError("accounts.shadow", "/etc/shadow", ErrorKind.PERMISSION_DENIED),
                        Status.ERROR, Risk.NONE),
                // pwd-max-age
                c("pwd-max-age", "90 days", f -> f, Status.PASS, Risk.NONE),
                c("pwd-max-age", "99999 days", f -> f.loginDef("PASS_MAX_DAYS", "99999"), Status.FAIL, Risk.MEDIUM),
                c("pwd-max-age", "unset", f -> f.removeLoginDef("PASS_MAX_DAYS"), Status.FAIL, Risk.MEDIUM),
                c("pwd-max-age", "login.defs unreadable",
                        f -> f.collectionError("password_policy.login_defs", "/etc/login.defs", ErrorKind.PERMISSION_DENIED),
                        Status.ERROR, Risk.NONE),
                // login-lockout
                c("login-lockout", "faillock 5/600", f -> f, Status.PASS, Risk.NONE),
                c("login-lockout", "faillock defaults 3/600", f -> f.lockout("pam_faillock", null, null), Status.PASS, Risk.NONE),
                c("login-lockout", "tally2 deny=5 no unlock_time locks until reset",
                        f -> f.lockout("pam_tally2", "5", null), Status.PASS, Risk.NONE),
                c("login-lockout", "deny 10", f -> f.lockout("pam_faillock", "10", "600"), Status.PARTIAL, Risk.LOW),
                c("login-lockout", "unlock 60 s", f -> f.lockout("pam_faillock", "5", "60"), Status.PARTIAL, Risk.LOW),
                c("login-lockout", "tally2 without deny", f -> f.lockout("pam_tally2", null, null), Status.PARTIAL, Risk.LOW),
                c("login-lockout", "no module", FactsFixtures::noLockout, Status.FAIL, Risk.MEDIUM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdict(Case c) {
        Finding f = RuleHarness.finding(c.rule(), c.change().apply(compliantHost()).build(), c.attrs());
        assertEquals(c.status(), f.getStatus(), f.toString());
        assertEquals(c.risk(), f.getRisk(), f.toString());
        assertFalse(f.getMessage().isBlank());
        if (f.getMajorHazard()) {
            assertEquals(Risk.HIGH, f.getRisk(), "major hazard only on HIGH findings");
        }
        if (f.getRisk() == Risk.HIGH) {
            assertFalse(f.getRiskReason().isBlank(), "a HIGH finding says which condition decided it");
        }
    }
}
