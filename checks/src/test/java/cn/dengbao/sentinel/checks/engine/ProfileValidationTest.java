package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Profiles and rules are operator input: a value of the wrong kind, out of range or an unknown attribute is refused
 * with its path when the engine is built, never turned into ERROR on every host or into a flipped verdict.
 */
class ProfileValidationTest {
    @TempDir
    Path dir;

    private ProfileException refused(String yaml) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, yaml);
        return assertThrows(ProfileException.class, () -> new RuleEngine(RuleCatalog.builtIn(), Profile.load(f)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text for an integer | params: {pwd-max-age.max_days: ninety} | params.pwd-max-age.max_days：应为整数",
            "decimal for an integer | params: {pwd-max-age.max_days: 90.5} | params.pwd-max-age.max_days：应为整数",
            "wraps past long | params: {pwd-max-age.max_days: 99999999999999999999} | params.pwd-max-age.max_days：整数 99999999999999999999 超出范围",
            "beyond any threshold | params: {pwd-max-age.max_days: 7766279631452241919} | params.pwd-max-age.max_days：取值 7766279631452241919 超出范围",
            "negative threshold | params: {login-lockout.max_deny: -1} | params.login-lockout.max_deny：取值 -1 超出范围 [0,",
            "list for a scalar | params: {pwd-min-length.min_length: [8]} | params.pwd-min-length.min_length：应为整数",
            "unknown attribute | attributes: {internet_facng: 'true'} | attributes.internet_facng：未知的主机属性 internet_facng",
            "maybe is not a value | attributes: {internet_facing: maybe} | attributes.internet_facing：主机属性 internet_facing 的取值只能是 true 或 false"})
    void badProfileValuesAreRefusedWithTheirPath(String what, String yaml, String expected) throws Exception {
        ProfileException e = refused(yaml + "\n");
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("p.yaml").toString()), "names the file: " + e.getMessage());
    }

    @Test
    void goodValuesStillWork() throws Exception {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, "params: {pwd-max-age.max_days: 180, login-lockout.max_deny: 3}\nattributes: {internet_facing: true}\n");
        Profile p = Profile.load(f);
        new RuleEngine(RuleCatalog.builtIn(), p);
        assertEquals(180L, p.params().get("pwd-max-age.max_days"));
        assertEquals(Map.of("internet_facing", "true"), p.attributes());
    }

    @Test
    void hostAttributesAreDeclaredOnceAndChecked() {
        assertTrue(HostAttributes.known().keySet().containsAll(java.util.List.of("internet_facing", "mfa_bastion",
                "access_restricted", "hids", "network_antimalware", "central_log", "central_backup",
                "multi_datacenter_backup", "high_availability", "usb_control", "software_whitelist")));
        assertTrue(HostAttributes.problem("hids", "true").isEmpty());
        assertTrue(HostAttributes.problem("hids", " true ").isPresent(), "rules compare with 'true' exactly");
        assertTrue(HostAttributes.problem("hids", "yes").isPresent());
        assertTrue(HostAttributes.problem("HIDS", "true").isPresent());
    }

    private RuleLoadException ruleRefused(String yaml) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.yaml"), yaml);
        return assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(rules));
    }

    private static final String RULE = """
            id: custom-rule
            clause: 8.1.4.1a
            control: 身份鉴别
            title: 自定义规则
            requires: [password_policy]
            mode: automated
            pass: "true"
            messages: {fail: 不符合}
            remediation: 按要求配置
            """;

    @Test
    void aRuleReadingAnUndeclaredAttributeIsRefused() throws Exception {
        RuleLoadException e = ruleRefused(RULE.replace("pass: \"true\"", "pass: \"attrs['internet_facng'] == 'true'\""));
        assertTrue(e.getMessage().contains("未声明的主机属性 internet_facng"), e.getMessage());
        e = ruleRefused(RULE + "risk: {fail: MEDIUM, compensations: [{attr: bastion, lowers_to: LOW, reason: x}]}\n");
        assertTrue(e.getMessage().contains("未声明的主机属性 bastion"), e.getMessage());
    }

    @Test
    void declaredLimitsBindTheDefaultAndTheProfile() throws Exception {
        RuleLoadException e = ruleRefused(RULE + "params: {max_days: 0}\nparam_limits: {max_days: {min: 1, max: 3650}}\n");
        assertTrue(e.getMessage().contains("params.max_days 的默认值不符合其取值范围"), e.getMessage());
        e = ruleRefused(RULE + "params: {max_days: 90}\nparam_limits: {maxdays: {min: 1}}\n");
        assertTrue(e.getMessage().contains("param_limits 引用了不存在的参数：maxdays"), e.getMessage());

        Path rules = Files.createDirectories(dir.resolve("ok-rules"));
        Files.writeString(rules.resolve("r.yaml"), RULE + "params: {max_days: 90}\nparam_limits: {max_days: {min: 1, max: 3650}}\n");
        RuleCatalog catalog = RuleCatalog.ofDirectory(rules);
        Profile tooBig = Profile.empty().with(Map.of("custom-rule.max_days", 4000L), java.util.Set.of(), Map.of());
        ProfileException pe = assertThrows(ProfileException.class, () -> new RuleEngine(catalog, tooBig));
        assertTrue(pe.getMessage().contains("取值 4000 超出范围 [1, 3650]"), pe.getMessage());
        new RuleEngine(catalog, Profile.empty().with(Map.of("custom-rule.max_days", 3650L), java.util.Set.of(), Map.of()));
    }
}
