package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against small rule files written into a temporary directory. */
class RuleEngineTest {

    @TempDir
    Path dir;

    private static final String MAX_AGE_RULE = """
            id: t-max-age
            clause: 8.1.4.1a
            control: 身份鉴别
            title: 测试口令期限
            requires: [password_policy.login_defs]
            params:
              max_days: 90
            pass: "'PASS_MAX_DAYS' in facts.password_policy.login_defs && int(facts.password_policy.login_defs['PASS_MAX_DAYS'].value) <= params.max_days"
            partial: "'PASS_MAX_DAYS' in facts.password_policy.login_defs && int(facts.password_policy.login_defs['PASS_MAX_DAYS'].value) <= 180"
            evidence:
              - label: PASS_MAX_DAYS
                expr: "facts.password_policy.login_defs['PASS_MAX_DAYS']"
                absent: 未设置
            messages:
              pass: 不超过 {max_days} 天
              partial: 超过 {max_days} 天但不超过 180 天
              fail: 超过 {max_days} 天
            risk:
              fail: MEDIUM
              partial: LOW
            remediation: |
              Debian/Ubuntu：编辑 /etc/login.defs 设置 PASS_MAX_DAYS {max_days}
              RHEL/CentOS/麒麟/openEuler/Anolis：同上
            """;

    private static final String EMPTY_PWD_RULE = """
            id: t-empty
            clause: 8.1.4.1a
            control: 身份鉴别
            title: 测试空口令
            requires: [accounts.shadow]
            pass: "!facts.accounts.accounts.exists(a, a.interactive_shell && a.password_state == PasswordState.EMPTY)"
            messages: { fail: 有空口令 }
            risk:
              fail: HIGH
              high_when: "true"
              high_reason: 空口令
              compensations:
                - { attr: access_restricted, lowers_to: MEDIUM, reason: 受限访问 }
                - { attr: mfa_bastion, lowers_to: LOW, reason: 堡垒机 }
              major_hazard: true
            remediation: "Debian/Ubuntu：passwd；RHEL/CentOS/麒麟/openEuler/Anolis：passwd"
            """;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private RuleEngine engine(Profile profile) {
        return new RuleEngine(RuleCatalog.ofDirectory(dir), profile);
    }

    private static Finding only(Evaluation ev, String id) {
        return ev.getFindingsList().stream().filter(f -> f.getRuleId().equals(id)).findFirst().orElseThrow();
    }

    private static Facts maxAge(String days) {
        return FactsFixtures.debian().loginDef("PASS_MAX_DAYS", days).build();
    }

    // ---------------------------------------------------------------- loading

    @Test
    void unknownKeyFailsNamingTheFile() throws IOException {
        write("bad.yaml", MAX_AGE_RULE + "severity: high\n");
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("severity"), e.getMessage());
    }

    @Test
    void duplicateKeyFailsNamingTheFile() throws IOException {
        write("dup.yaml", MAX_AGE_RULE + "pass: \"true\"\n");
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("dup.yaml") && e.getMessage().contains("pass"), e.getMessage());
    }

    @Test
    void malformedYamlFailsNamingTheFile() throws IOException {
        write("broken.yaml", "id: [unclosed\n");
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
    }

    @Test
    void celCompileErrorNamesFileAndExpression() throws IOException {
        write("cel.yaml", MAX_AGE_RULE.replace("params.max_days\"", "params.max_days &&\""));
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("cel.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("pass"), e.getMessage());
        assertTrue(e.getMessage().contains("params.max_days &&"), e.getMessage());
    }

    @Test
    void unknownFieldInFactsIsACompileError() throws IOException {
        write("field.yaml", MAX_AGE_RULE.replace("facts.password_policy.login_defs['PASS_MAX_DAYS']\"",
                "facts.password_policy.no_such_field\""));
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("field.yaml") && e.getMessage().contains("evidence[0]"), e.getMessage());
    }

    @Test
    void nonBooleanPassIsRejected() throws IOException {
        write("type.yaml", MAX_AGE_RULE.replaceFirst("pass: .*\n", "pass: \"'text'\"\n"));
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("type.yaml") && e.getMessage().contains("布尔"), e.getMessage());
    }

    @Test
    void invalidFieldsAreRejected() throws IOException {
        for (String[] c : List.of(
                new String[] {"risk:\n  fail: MEDIUM", "risk:\n  fail: SEVERE", "risk.fail"},
                new String[] {"requires: [password_policy.login_defs]", "requires: [nosuch.section]", "nosuch"},
                new String[] {"clause: 8.1.4.1a", "clause: one", "clause"},
                new String[] {"id: t-max-age", "id: Max_Age", "id"})) {
            Path p = write("x.yaml", MAX_AGE_RULE.replace(c[0], c[1]));
            RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir), c[1]);
            assertTrue(e.getMessage().contains("x.yaml") && e.getMessage().contains(c[2]), e.getMessage());
            Files.delete(p);
        }
    }

    /** issue 16: one rule may serve several clauses; its one verdict counts in each clause's roll-up. */
    @Test
    void oneRuleServesSeveralClauses() throws IOException {
        write("r.yaml", MAX_AGE_RULE.replace("clause: 8.1.4.1a", "clauses: [8.1.4.1a, 8.1.4.2b]"));
        Evaluation ev = engine(Profile.empty()).evaluate(maxAge("99999"), Map.of());
        Finding f = only(ev, "t-max-age");
        assertEquals("8.1.4.1a", f.getClause(), "the first clause is the finding's own");
        assertEquals(List.of("8.1.4.2b"), f.getAlsoClausesList());
        for (String clause : List.of("8.1.4.1a", "8.1.4.2b")) {
            assertEquals(Status.FAIL, ev.getClausesList().stream().filter(c -> c.getClause().equals(clause)).findFirst()
                    .orElseThrow().getStatus(), clause);
        }
        assertTrue(ev.getFindingsList().stream().noneMatch(x -> x.getRuleId().equals("manual-8.1.4.2b")),
                "no manual placeholder for a clause a rule serves");
        Files.delete(dir.resolve("r.yaml"));
        // clause: and clauses: together — clause must be the first of clauses; clauses well-formed and distinct
        for (String[] c : List.of(new String[] {"clause: 8.1.4.1a\nclauses: [8.1.4.2b, 8.1.4.1a]", "第一项"},
                new String[] {"clauses: [8.1.4.1a, two]", "格式错误"},
                new String[] {"clauses: [8.1.4.1a, 8.1.4.1a]", "重复"})) {
            Path p = write("x.yaml", MAX_AGE_RULE.replace("clause: 8.1.4.1a", c[0]));
            RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            Files.delete(p);
        }
    }

    @Test
    void duplicateIdsAreRejected() throws IOException {
        write("a.yaml", MAX_AGE_RULE);
        write("b.yaml", MAX_AGE_RULE);
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("a.yaml") && e.getMessage().contains("b.yaml"), e.getMessage());
    }

    @Test
    void extraDirectoryOverridesBuiltInById() throws IOException {
        write("override.yaml", MAX_AGE_RULE.replace("id: t-max-age", "id: pwd-max-age")
                .replace("title: 测试口令期限", "title: 覆盖后的规则"));
        RuleCatalog c = RuleCatalog.load(dir);
        assertEquals(RuleCatalog.builtIn().size(), c.size());
        assertEquals("覆盖后的规则", c.definitions().stream().filter(d -> d.id().equals("pwd-max-age"))
                .findFirst().orElseThrow().title());
    }

    // ---------------------------------------------------------------- verdicts

    @Test
    void passPartialFailWithMessagesAndEvidence() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        RuleEngine e = engine(Profile.empty());
        Finding pass = only(e.evaluate(maxAge("60"), Map.of()), "t-max-age");
        assertEquals(Status.PASS, pass.getStatus());
        assertEquals(Risk.NONE, pass.getRisk());
        assertEquals("不超过 90 天", pass.getMessage());
        assertEquals("PASS_MAX_DAYS：PASS_MAX_DAYS = 60", pass.getEvidence(0).getText());
        assertEquals("/etc/login.defs", pass.getEvidence(0).getSource().getPath());
        assertTrue(pass.getRemediation().contains("PASS_MAX_DAYS 90"), "params filled in remediation");

        Finding partial = only(e.evaluate(maxAge("120"), Map.of()), "t-max-age");
        assertEquals(Status.PARTIAL, partial.getStatus());
        assertEquals(Risk.LOW, partial.getRisk());

        Finding fail = only(e.evaluate(maxAge("99999"), Map.of()), "t-max-age");
        assertEquals(Status.FAIL, fail.getStatus());
        assertEquals(Risk.MEDIUM, fail.getRisk());
        assertEquals("超过 90 天", fail.getMessage());
    }

    @Test
    void runtimeCelErrorIsErrorNeverPass() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        Finding f = only(engine(Profile.empty()).evaluate(maxAge("ninety"), Map.of()), "t-max-age");
        assertEquals(Status.ERROR, f.getStatus());
        assertTrue(f.getMessage().startsWith("规则求值出错"), f.getMessage());
    }

    @Test
    void missingMapKeyInEvidenceShowsAbsentText() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        Facts facts = FactsFixtures.debian().loginDef("UMASK", "027").build();
        Finding f = only(engine(Profile.empty()).evaluate(facts, Map.of()), "t-max-age");
        assertEquals(Status.FAIL, f.getStatus());
        assertEquals("PASS_MAX_DAYS：未设置", f.getEvidence(0).getText());
    }

    @Test
    void requiredFactErrorNamesThePathAndReason() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        Facts facts = FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED)
                .collectionError("accounts.shadow", "/etc/shadow", ErrorKind.PERMISSION_DENIED).build();
        Finding f = only(engine(Profile.empty()).evaluate(facts, Map.of()), "t-empty");
        assertEquals(Status.ERROR, f.getStatus());
        assertTrue(f.getMessage().contains("无法读取 /etc/shadow：PERMISSION_DENIED"), f.getMessage());
        assertEquals("/etc/shadow", f.getEvidence(0).getSource().getPath());
    }

    @Test
    void errorOnWholeSectionCoversSubKeys() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        Facts facts = FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED)
                .collectionError("accounts", "/etc/passwd", ErrorKind.IO_ERROR).build();
        assertEquals(Status.ERROR, only(engine(Profile.empty()).evaluate(facts, Map.of()), "t-empty").getStatus());
    }

    @Test
    void unrelatedCollectionErrorDoesNotMatter() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        Facts facts = FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED)
                .collectionError("accounts_extra", "/x", ErrorKind.IO_ERROR)
                .collectionError("sshd", "/etc/ssh/sshd_config", ErrorKind.PERMISSION_DENIED).build();
        assertEquals(Status.PASS, only(engine(Profile.empty()).evaluate(facts, Map.of()), "t-empty").getStatus());
    }

    @Test
    void absentSectionIsError() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        Finding f = only(engine(Profile.empty()).evaluate(FactsFixtures.debian().build(), Map.of()), "t-empty");
        assertEquals(Status.ERROR, f.getStatus());
        assertTrue(f.getMessage().contains("accounts"), f.getMessage());
    }

    @Test
    void appliesToAndWhenGiveNotApplicableWithReason() throws IOException {
        write("r.yaml", MAX_AGE_RULE.replace("requires:", "applies_to: [RHEL]\nrequires:"));
        Finding f = only(engine(Profile.empty()).evaluate(maxAge("60"), Map.of()), "t-max-age");
        assertEquals(Status.NOT_APPLICABLE, f.getStatus());
        assertTrue(f.getMessage().contains("DEBIAN"), f.getMessage());

        write("r.yaml", MAX_AGE_RULE.replace("requires:", "when: \"facts.os.family == OsFamily.RHEL\"\n"
                + "not_applicable: 仅适用于 RHEL 系\nrequires:"));
        f = only(engine(Profile.empty()).evaluate(maxAge("60"), Map.of()), "t-max-age");
        assertEquals(Status.NOT_APPLICABLE, f.getStatus());
        assertEquals("仅适用于 RHEL 系", f.getMessage());
    }

    @Test
    void notApplicableModeAndManualMode() throws IOException {
        write("na.yaml", """
                id: t-na
                clause: 8.1.4.4d
                control: 入侵防范
                title: 应用项
                mode: not_applicable
                not_applicable: 该项针对应用系统
                """);
        write("m.yaml", """
                id: t-manual
                clause: 8.1.4.2a
                control: 访问控制
                title: 人工核查账户
                requires: [accounts]
                mode: manual
                manual: 请核查以下账户是否均已分配给具体人员
                evidence:
                  - label: 可登录账户
                    expr: "facts.accounts.accounts.filter(a, a.interactive_shell).map(a, a.name)"
                risk: { fail: MEDIUM }
                remediation: "Debian/Ubuntu：userdel；RHEL/CentOS/麒麟/openEuler/Anolis：userdel"
                """);
        Facts facts = FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED)
                .account("bin", 2, "/usr/sbin/nologin", PasswordState.NO_PASSWORD).build();
        Evaluation ev = engine(Profile.empty()).evaluate(facts, Map.of());
        Finding na = only(ev, "t-na");
        assertEquals(Status.NOT_APPLICABLE, na.getStatus());
        assertEquals("该项针对应用系统", na.getMessage());
        Finding m = only(ev, "t-manual");
        assertEquals(Status.MANUAL, m.getStatus());
        assertEquals(Risk.NONE, m.getRisk());
        assertEquals("请核查以下账户是否均已分配给具体人员", m.getMessage());
        assertEquals(List.of("可登录账户：root"), m.getEvidenceList().stream().map(Evidence::getText).toList());
        assertTrue(m.getRiskReason().contains("中"), m.getRiskReason());
    }

    @Test
    void evidenceListsAreBounded() throws IOException {
        write("m.yaml", """
                id: t-many
                clause: 8.1.4.2a
                control: 访问控制
                title: 多账户
                requires: [accounts]
                mode: manual
                manual: 核查
                evidence:
                  - label: 账户
                    expr: "facts.accounts.accounts"
                remediation: "Debian/Ubuntu：x；RHEL/CentOS/麒麟/openEuler/Anolis：x"
                """);
        FactsFixtures ff = FactsFixtures.debian();
        for (int i = 0; i < 30; i++) {
            ff.account("user" + i, 1000 + i, "/bin/bash", PasswordState.HASHED);
        }
        Finding f = only(engine(Profile.empty()).evaluate(ff.build(), Map.of()), "t-many");
        assertEquals(EvidenceRenderer.MAX_ITEMS + 1, f.getEvidenceCount());
        assertTrue(f.getEvidence(0).getText().startsWith("账户：user0:x:1000"), f.getEvidence(0).getText());
        assertEquals("/etc/passwd", f.getEvidence(0).getSource().getPath());
        assertTrue(f.getEvidence(20).getText().contains("另有 10 项"), f.getEvidence(20).getText());
    }

    // ---------------------------------------------------------------- risk

    @Test
    void highRiskWithMajorHazardAndCompensation() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        RuleEngine e = engine(Profile.empty());
        Facts facts = FactsFixtures.debian().account("guest", 1001, "/bin/bash", PasswordState.EMPTY).build();

        Finding high = only(e.evaluate(facts, Map.of()), "t-empty");
        assertEquals(Status.FAIL, high.getStatus());
        assertEquals(Risk.HIGH, high.getRisk());
        assertTrue(high.getMajorHazard());
        assertEquals("空口令", high.getRiskReason());

        Finding lowered = only(e.evaluate(facts, Map.of("access_restricted", "true")), "t-empty");
        assertEquals(Risk.MEDIUM, lowered.getRisk());
        assertFalse(lowered.getMajorHazard());
        assertTrue(lowered.getRiskReason().contains("受限访问") && lowered.getRiskReason().contains("access_restricted"),
                lowered.getRiskReason());

        Finding both = only(e.evaluate(facts, Map.of("access_restricted", "true", "mfa_bastion", "true")), "t-empty");
        assertEquals(Risk.LOW, both.getRisk(), "the lowest applicable compensation wins");
    }

    @Test
    void profileAttributesAreHostDefaults() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        Path prof = write("p.yml.txt", "attributes: { access_restricted: \"true\" }\n");
        RuleEngine e = engine(Profile.empty().overlay(prof));
        Facts facts = FactsFixtures.debian().account("guest", 1001, "/bin/bash", PasswordState.EMPTY).build();
        assertEquals(Risk.MEDIUM, only(e.evaluate(facts, Map.of()), "t-empty").getRisk());
        assertEquals(Risk.HIGH, only(e.evaluate(facts, Map.of("access_restricted", "false")), "t-empty").getRisk(),
                "host attributes win over profile defaults");
    }

    @Test
    void riskOverrideAppliesLastAndClearsMajorHazard() throws IOException {
        write("r.yaml", EMPTY_PWD_RULE);
        RuleEngine e = engine(Profile.empty().with(Map.of(), Set.of(), Map.of("t-empty", "LOW")));
        Facts facts = FactsFixtures.debian().account("guest", 1001, "/bin/bash", PasswordState.EMPTY).build();
        Finding f = only(e.evaluate(facts, Map.of()), "t-empty");
        assertEquals(Risk.LOW, f.getRisk());
        assertFalse(f.getMajorHazard());
        assertTrue(f.getRiskReason().contains("基线将风险调整为 低"), f.getRiskReason());
    }

    // ---------------------------------------------------------------- profiles

    @Test
    void profileParamOverrideChangesVerdict() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        Path prof = write("tuned.yml.txt", "name: 严格\nparams:\n  t-max-age.max_days: 30\n");
        RuleEngine e = engine(Profile.empty().overlay(prof));
        Finding f = only(e.evaluate(maxAge("60"), Map.of()), "t-max-age");
        assertEquals(Status.PARTIAL, f.getStatus());
        assertEquals("超过 30 天但不超过 180 天", f.getMessage());
        assertEquals("严格", e.evaluate(maxAge("60"), Map.of()).getProfile());
    }

    @Test
    void unknownProfileKeysFailClearly() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        RuleCatalog catalog = RuleCatalog.ofDirectory(dir);
        for (String[] c : List.of(
                new String[] {"params:\n  t-max-age.max_dayz: 30\n", "t-max-age.max_dayz"},
                new String[] {"params:\n  nosuch.max_days: 30\n", "nosuch"},
                new String[] {"params:\n  max_days: 30\n", "max_days"},
                new String[] {"disabled: [nosuch]\n", "nosuch"},
                new String[] {"risk_overrides: { t-max-age: CRITICAL }\n", "CRITICAL"},
                new String[] {"thresholds: {}\n", "thresholds"})) {
            Path prof = write("bad-profile.txt", c[0]);
            ProfileException e = assertThrows(ProfileException.class,
                    () -> new RuleEngine(catalog, Profile.empty().overlay(prof)), c[0]);
            assertTrue(e.getMessage().contains("bad-profile.txt") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void disabledRuleIsSkippedAndItsClauseFallsBackToManual() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        RuleEngine e = engine(Profile.empty().with(Map.of(), Set.of("t-max-age"), Map.of()));
        Evaluation ev = e.evaluate(maxAge("60"), Map.of());
        assertTrue(ev.getFindingsList().stream().noneMatch(f -> f.getRuleId().equals("t-max-age")));
        Finding placeholder = only(ev, "manual-8.1.4.1a");
        assertEquals(Status.MANUAL, placeholder.getStatus());
        assertTrue(placeholder.getMessage().startsWith("无自动化规则"));
    }

    // ---------------------------------------------------------------- roll-up and catalog

    @Test
    void rollUpCoversEveryCatalogItem() throws IOException {
        write("r.yaml", MAX_AGE_RULE);
        Evaluation ev = engine(Profile.empty()).evaluate(maxAge("60"), Map.of());
        assertEquals(34, ev.getClausesCount());
        assertEquals(Status.PASS, ev.getClauses(0).getStatus());
        assertEquals("8.1.4.1a", ev.getClauses(0).getClause());
        assertTrue(ev.getClausesList().stream().skip(1).allMatch(c -> c.getStatus() == Status.MANUAL));
        assertEquals(34, ev.getFindingsCount(), "1 rule + 33 placeholder findings");
    }

    @Test
    void engineIsThreadSafe() throws Exception {
        write("r.yaml", MAX_AGE_RULE);
        write("e.yaml", EMPTY_PWD_RULE);
        RuleEngine e = engine(Profile.empty());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Status>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String days = String.valueOf(i);
                results.add(pool.submit(() -> only(e.evaluate(maxAge(days), Map.of()), "t-max-age").getStatus()));
            }
            for (int i = 0; i < 200; i++) {
                Status expected = i >= 1 && i <= 90 || i == 0 ? Status.PASS : i <= 180 ? Status.PARTIAL : Status.FAIL;
                assertEquals(expected, results.get(i).get(), "days " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
