package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt attribute or a value other than true/false would silently count as false: both are refused. */
class HostAttributesTest {

    @Test
    void onlyKnownAttributesSetToTrueOrFalse() {
        for (String known : RuleEngine.KNOWN_ATTRIBUTES) {
            assertEquals(Optional.empty(), HostAttributes.problem(known, "true"));
            assertEquals(Optional.empty(), HostAttributes.problem(known, "false"));
        }
        assertTrue(HostAttributes.problem("foo", "true").orElseThrow().contains("未知的主机属性 foo"));
        assertTrue(HostAttributes.problem("internet_facing", "maybe").orElseThrow().contains("true 或 false"));
        assertTrue(HostAttributes.problem("internet_facing", "TRUE").isPresent(), "rules compare with 'true' exactly");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostAttributes.requireValid(Map.of("mfa_bastion", "true", "internet_facng", "true")));
        assertTrue(e.getMessage().contains("internet_facng"), e.getMessage());
    }

    @Test
    void aProfileCannotSetAnUnknownOrNonBooleanAttribute(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "attributes: { internet_facng: \"true\" }\n");
        ProfileException unknown = assertThrows(ProfileException.class, () -> Profile.load(typo));
        assertTrue(unknown.getMessage().contains("attributes.internet_facng"), unknown.getMessage());
        Path maybe = dir.resolve("maybe.yaml");
        Files.writeString(maybe, "attributes: { internet_facing: maybe }\n");
        assertThrows(ProfileException.class, () -> Profile.load(maybe));
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "attributes: { internet_facing: true }\n");
        assertEquals("true", Profile.load(ok).attributes().get("internet_facing"));
    }
}
