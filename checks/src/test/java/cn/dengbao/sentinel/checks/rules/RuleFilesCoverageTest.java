package cn.dengbao.sentinel.checks.rules;

import static cn.dengbao.sentinel.checks.rules.RuleHarness.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule files of groups 8.1.4.3–8.1.4.11 as a whole: every item has a rule, every file is indexed and loaded,
 * every text is operator-ready, and a missing fact section gives ERROR for every automated rule, never PASS.
 */
class RuleFilesCoverageTest {

    static final List<String> GROUPS = List.of("8.1.4.3", "8.1.4.4", "8.1.4.5", "8.1.4.6", "8.1.4.7", "8.1.4.8",
            "8.1.4.9", "8.1.4.10", "8.1.4.11");

    static final List<String> ITEMS = List.of("8.1.4.3a", "8.1.4.3b", "8.1.4.3c", "8.1.4.3d", "8.1.4.4a", "8.1.4.4b",
            "8.1.4.4c", "8.1.4.4d", "8.1.4.4e", "8.1.4.4f", "8.1.4.5", "8.1.4.6", "8.1.4.7a", "8.1.4.7b", "8.1.4.8a",
            "8.1.4.8b", "8.1.4.9a", "8.1.4.9b", "8.1.4.9c", "8.1.4.10a", "8.1.4.10b", "8.1.4.11a", "8.1.4.11b");

    record RuleFile(String group, String file, Map<String, Object> yaml) {
        String id() {
            return (String) yaml.get("id");
        }

        String mode() {
            return (String) yaml.getOrDefault("mode", "automated");
        }

        @SuppressWarnings("unchecked")
        List<String> requires() {
            return (List<String>) yaml.getOrDefault("requires", List.of());
        }

        @Override
        public String toString() {
            return id();
        }
    }

    static String resource(String path) {
        try (InputStream in = RuleFilesCoverageTest.class.getResourceAsStream("/rules/" + path)) {
            assertNotNull(in, "missing resource rules/" + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<RuleFile> ruleFiles() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<RuleFile> out = new ArrayList<>();
        for (String group : GROUPS) {
            for (String line : resource(group + "/index.txt").split("\n")) {
                String file = line.strip();
                if (file.isEmpty() || file.startsWith("#")) {
                    continue;
                }
                try {
                    out.add(new RuleFile(group, file, yaml.readValue(resource(group + "/" + file), Map.class)));
                } catch (IOException e) {
                    throw new UncheckedIOException(group + "/" + file, e);
                }
            }
        }
        return out;
    }

    static Stream<RuleFile> automatedWithRequires() {
        return ruleFiles().stream().filter(r -> r.mode().equals("automated") && !r.requires().isEmpty());
    }

    /** Manual rules with `requires` cite facts as evidence: without them there is nothing to show either. */
    static Stream<RuleFile> anyWithRequires() {
        return ruleFiles().stream().filter(r -> !r.mode().equals("not_applicable") && !r.requires().isEmpty());
    }

    @SuppressWarnings("unchecked")
    static Stream<RuleFile> linuxOnly() {
        return ruleFiles().stream().filter(r -> r.yaml().get("applies_to") instanceof List<?> l && !l.contains("WINDOWS"));
    }

    @Test
    void everyItemOfTheRangeHasAtLeastOneRuleAndEnoughAreAutomated() {
        List<RuleFile> rules = ruleFiles();
        Set<String> clauses = rules.stream().map(r -> (String) r.yaml().get("clause")).collect(Collectors.toSet());
        for (String item : ITEMS) {
            assertTrue(clauses.contains(item), "no rule for " + item);
        }
        long automated = rules.stream().filter(r -> r.mode().equals("automated")).count();
        assertTrue(automated >= 25, "automated rules: " + automated);
    }

    @Test
    void fileNameIsTheIdAndEachGroupHoldsOnlyItsOwnClauses() {
        Set<String> ids = new TreeSet<>();
        for (RuleFile r : ruleFiles()) {
            assertEquals(r.id() + ".yaml", r.file());
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            String clause = (String) r.yaml().get("clause");
            assertTrue(clause.equals(r.group()) || clause.matches(r.group().replace(".", "\\.") + "[a-z]"),
                    r.id() + " clause " + clause + " in group " + r.group());
        }
    }

    @Test
    void everyRuleIsLoadedByTheBuiltInCatalog() {
        Facts facts = CompliantHost.facts().build();
        Set<String> evaluated = RuleHarness.ENGINE.evaluate(facts, Map.of()).getFindingsList().stream()
                .map(Finding::getRuleId).collect(Collectors.toSet());
        for (RuleFile r : ruleFiles()) {
            assertTrue(evaluated.contains(r.id()), "rule not evaluated by the built-in catalog: " + r.id());
        }
    }

    @Test
    void textsAreChineseAndRemediationCoversBothFamilies() {
        for (RuleFile r : ruleFiles()) {
            Map<String, Object> y = r.yaml();
            assertTrue(((String) y.get("title")).codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                    == Character.UnicodeScript.HAN), r.id() + " title");
            assertTrue(((String) y.get("control")).codePoints().allMatch(c -> Character.UnicodeScript.of(c)
                    == Character.UnicodeScript.HAN), r.id() + " control");
            String remediation = (String) y.get("remediation");
            assertTrue(remediation.contains("Debian/Ubuntu"), r.id() + " remediation lacks Debian");
            assertTrue(remediation.contains("RHEL/CentOS/麒麟/openEuler/Anolis"), r.id() + " remediation lacks RHEL family");
            if (!r.mode().equals("automated")) {
                Object reason = r.mode().equals("manual") ? y.get("manual") : y.get("not_applicable");
                assertTrue(reason instanceof String s && !s.isBlank(), r.id() + " has no " + r.mode() + " text");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("linuxOnly")
    void linuxRulesAreNotApplicableToWindows(RuleFile rule) {
        Facts.Builder f = CompliantHost.facts();
        f.getOsBuilder().setFamily(cn.dengbao.sentinel.proto.OsFamily.WINDOWS).setId("windows");
        assertStatus(Status.NOT_APPLICABLE, RuleHarness.eval(rule.id(), f));
    }

    @ParameterizedTest
    @MethodSource("anyWithRequires")
    void missingRequiredSectionGivesErrorNeverPass(RuleFile rule) {
        Facts.Builder f = CompliantHost.facts();
        for (String key : rule.requires()) {
            String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            FieldDescriptor fd = Facts.getDescriptor().findFieldByName(section);
            assertNotNull(fd, rule.id() + " requires unknown section " + section);
            f.clearField(fd);
        }
        assertStatus(Status.ERROR, RuleHarness.eval(rule.id(), f));
    }

    @ParameterizedTest
    @MethodSource("automatedWithRequires")
    void collectionErrorOnRequiredFactGivesErrorNamingThePath(RuleFile rule) {
        String key = rule.requires().get(0);
        Facts.Builder f = CompliantHost.facts().addCollectionErrors(cn.dengbao.sentinel.proto.CollectionError.newBuilder()
                .setFact(key).setPath("/probe/" + key).setKind(cn.dengbao.sentinel.proto.ErrorKind.IO_ERROR)
                .setDetail("read failed"));
        Finding finding = assertStatus(Status.ERROR, RuleHarness.eval(rule.id(), f));
        assertTrue(finding.getMessage().contains("/probe/" + key) || RuleHarness.evidenceText(finding).contains("/probe/" + key),
                () -> RuleHarness.describe(finding));
    }
}
