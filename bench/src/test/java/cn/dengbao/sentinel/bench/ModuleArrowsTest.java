package cn.dengbao.sentinel.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The module arrows of docs/architecture.md, checked on the product classes (tests excluded): a module's classes
 * use no project package of a module it does not depend on. Maven already refuses an undeclared module at compile
 * time; this also catches a dependency declared by mistake (the collector once shipped the whole agent) and keeps
 * the table in the docs true. The bench module sees every module, so the check lives here.
 */
class ModuleArrowsTest {
    private static final String ROOT = "cn.dengbao.sentinel.";
    /** Each module's root packages and the root packages it may use (its own included). */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("proto", Set.of("proto"));
        ALLOWED.put("testkit", Set.of("testkit", "proto"));
        ALLOWED.put("pki", Set.of("pki", "common"));
        ALLOWED.put("common", Set.of("common"));
        ALLOWED.put("probes", Set.of("probes", "proto"));
        ALLOWED.put("checks", Set.of("checks", "proto"));
        ALLOWED.put("agent", Set.of("agent", "proto", "probes", "pki", "common"));
        ALLOWED.put("collector", Set.of("collector", "proto", "probes", "checks", "pki", "common"));
    }

    static final List<String> ALL = List.of("proto", "testkit", "pki", "common", "probes", "checks", "agent", "collector", "bench");

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // in a reactor build the modules come as jars; a module's test-jar (collector's in-memory fakes) is not product
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT.substring(0, ROOT.length() - 1));
    }

    @TestFactory
    List<DynamicTest> eachModuleUsesOnlyTheModulesItDependsOn() {
        return ALLOWED.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String[] forbidden = ALL.stream().filter(m -> !e.getValue().contains(m)).map(m -> ROOT + m + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + e.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because(e.getKey() + " may use only " + e.getValue() + " (docs/architecture.md)")
                    .allowEmptyShould(true)
                    .check(product);
        })).toList();
    }

    /**
     * Inside a module, feature packages depend on each other one way too (export never reaches back into cli, store
     * never into audit …): a cycle means two features can no longer be understood, tested or moved apart.
     */
    @TestFactory
    List<DynamicTest> featurePackagesHaveNoCycles() {
        return List.of("proto", "pki", "probes", "checks", "agent", "collector").stream()
                .map(m -> DynamicTest.dynamicTest(m, () -> slices().matching(ROOT + m + ".(*)..")
                        .should().beFreeOfCycles()
                        .allowEmptyShould(true)
                        .check(product)))
                .toList();
    }

    @TestFactory
    List<DynamicTest> theProductHasTheClassesOfEveryModule() {
        // an import that found nothing would pass every rule above: make sure each module was seen
        return Arrays.asList("proto", "pki", "probes", "checks", "agent", "collector").stream()
                .map(m -> DynamicTest.dynamicTest(m, () -> {
                    if (product.stream().noneMatch(c -> c.getPackageName().startsWith(ROOT + m))) {
                        throw new AssertionError("no product classes of module " + m + " on the class path");
                    }
                })).toList();
    }
}
