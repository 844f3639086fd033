package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checked ASTs reused between runs: same verdicts, never a stale or damaged entry. */
class CelAstCacheTest {

    @TempDir
    Path tmp;

    private CelAstCache previous;

    @BeforeEach
    void detach() {
        previous = CelSupport.useCache(null);
    }

    @AfterEach
    void restore() {
        CelSupport.useCache(previous);
    }

    private Path cacheDir() {
        return tmp.resolve("sentinel-cel");
    }

    private CelAstCache open() {
        return CelAstCache.open(cacheDir(), CelSupport.envFingerprint());
    }

    private static Evaluation evaluate(RuleCatalog catalog, Facts facts) {
        return new RuleEngine(catalog, Profile.builtIn()).evaluate(facts, Map.of("env", "test"))
                .toBuilder().clearEvaluatedAtEpochMs().build();
    }

    @Test
    void cachedAstsGiveTheSameEvaluationAsCompiling() throws Exception {
        Facts compliant = FactsFixtures.compliantHost().build();
        Facts bare = FactsFixtures.bare().build();
        RuleCatalog uncached = RuleCatalog.loadBuiltInFresh();

        CelAstCache first = open();
        CelSupport.useCache(first);
        RuleCatalog filling = RuleCatalog.loadBuiltInFresh();
        // texts repeated across rules are checked once and then hit within the same load
        assertTrue(first.misses() > 100, "every distinct built-in expression is checked once: " + first.misses());
        assertTrue(Files.isRegularFile(first.file()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())));

        CelAstCache second = open();
        CelSupport.useCache(second);
        RuleCatalog cached = RuleCatalog.loadBuiltInFresh();
        assertEquals(0, second.misses(), "second load type-checks nothing");
        assertEquals(first.hits() + first.misses(), second.hits());

        for (Facts facts : new Facts[] {compliant, bare}) {
            Evaluation expected = evaluate(uncached, facts);
            assertEquals(expected, evaluate(filling, facts));
            assertEquals(expected, evaluate(cached, facts));
        }
    }

    @Test
    void corruptFileIsIgnoredAndRewritten() throws Exception {
        CelAstCache c = open();
        CelSupport.useCache(c);
        CelSupport.compile("t.yaml", "pass", "facts.schema_version != ''", true);
        CelSupport.saveCache();
        byte[] bytes = Files.readAllBytes(c.file());
        bytes[bytes.length - 3] ^= 0x5a;
        Files.write(c.file(), bytes);

        CelAstCache reopened = open();
        CelSupport.useCache(reopened);
        CelSupport.Expr e = CelSupport.compile("t.yaml", "pass", "facts.schema_version != ''", true);
        assertEquals(0, reopened.hits());
        assertEquals(1, reopened.misses());
        assertTrue(e.evalBool(Map.of("facts", Facts.newBuilder().setSchemaVersion("1").build(),
                "params", Map.of(), "attrs", Map.of())));
        CelSupport.saveCache();
        assertTrue(open().get("facts.schema_version != ''").isPresent(), "rewritten after the corrupt one");

        Files.write(c.file(), new byte[] {1, 2, 3});
        assertFalse(open().get("facts.schema_version != ''").isPresent());
    }

    @Test
    void differentTextOrEnvironmentIsAMiss() throws Exception {
        CelAstCache c = open();
        CelSupport.useCache(c);
        CelSupport.compile("t.yaml", "pass", "size(facts.schema_version) > 1", true);
        CelSupport.saveCache();

        CelAstCache reopened = open();
        assertTrue(reopened.get("size(facts.schema_version) > 1").isPresent());
        assertFalse(reopened.get("size(facts.schema_version) > 2").isPresent());
        byte[] otherEnv = CelSupport.envFingerprint();
        otherEnv[0] ^= 1;
        assertFalse(CelAstCache.open(cacheDir(), otherEnv).get("size(facts.schema_version) > 1").isPresent());
    }

    @Test
    void fileOthersCanWriteIsNotTrusted() throws Exception {
        CelAstCache c = open();
        CelSupport.useCache(c);
        CelSupport.compile("t.yaml", "pass", "facts.schema_version == 'x'", true);
        CelSupport.saveCache();
        Files.setPosixFilePermissions(c.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(open().get("facts.schema_version == 'x'").isPresent());
    }

    @Test
    void typeErrorsStillReportedWithCacheOn() {
        CelSupport.useCache(open());
        RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> CelSupport.compile("t.yaml", "pass", "facts.schema_version", true));
        assertTrue(e.getMessage().contains("布尔"), e.getMessage());
    }
}
