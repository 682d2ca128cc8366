package dev.importjobs.storage.sqlite;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQLite store is SQLite's part only (docs/storage.md#adding-a-store): it builds on the shared JDBC
 * layer and core's spi, never on the use cases, HTTP or JSON libraries. Each rule is shown to bite on
 * {@link ArchitectureRuleBreaker}, so none passes vacuously.
 */
class StorageArchitectureTest {
    private static final String STORE = "dev.importjobs.storage.sqlite";
    private static final String JDBC = "dev.importjobs.storage.jdbc";
    private static final String CORE = "dev.importjobs.core";

    private static JavaClasses store;
    private static JavaClasses layer;

    @BeforeAll
    static void importStore() {
        ClassFileImporter importer = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        store = importer.importPackages(STORE);
        layer = importer.importPackages(JDBC);
    }

    /** The shared layer, core's spi with the model and errors it speaks in, the driver and the pool. */
    static final ArchRule ONLY_THE_LAYER_AND_THE_SPI = classes().that().resideInAPackage(STORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(STORE, JDBC, CORE + ".spi", CORE + ".model",
                    CORE + ".error", "java..", "javax.sql..", "org.sqlite..", "com.zaxxer.hikari..")
            .because("the SQLite store adds its dialect, migrations and transactions to the shared layer");

    static final ArchRule NO_HTTP_OR_JSON = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "java.net.http..",
                    "com.fasterxml.jackson..", "tools.jackson..", "dev.importjobs.http..")
            .because("the store knows the model, never HTTP");

    static final ArchRule NO_USE_CASES = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(CORE + ".service..", CORE + ".memory..")
            .because("a store runs core's modifications; it never calls the use cases");

    static final ArchRule ONLY_THE_STORE_IS_PUBLIC = classes().that().resideInAPackage(STORE).and().arePublic()
            .should().haveNameMatching("dev\\.importjobs\\.storage\\.sqlite\\.SqliteJobStore(\\$Builder|\\$Durability)?");

    @Test
    void theStoreAndTheLayerHoldClasses() {
        assertTrue(store.contain(STORE + ".SqliteJobStore"), "the store was imported");
        assertFalse(store.contain(STORE + ".ArchitectureRuleBreaker"), "test classes are not the store");
        assertFalse(store.that(JavaClass.Predicates.resideInAPackage(STORE)).isEmpty(),
                "no classes imported: the rules below would pass vacuously");
        assertTrue(layer.contain(JDBC + ".JdbcJobStore"), "the shared layer the store builds on is real");
    }

    @Test
    void theStoreBuildsOnTheSharedLayerAndTheSpi() {
        ONLY_THE_LAYER_AND_THE_SPI.check(store);
    }

    @Test
    void theStoreDoesNotTouchHttpOrJson() {
        NO_HTTP_OR_JSON.check(store);
    }

    @Test
    void theStoreUsesThePortAndModelButNotTheUseCases() {
        NO_USE_CASES.check(store);
    }

    @Test
    void onlyTheStoreItselfIsPublic() {
        ONLY_THE_STORE_IS_PUBLIC.check(store);
    }

    /** Each rule, run over the store's package with {@link ArchitectureRuleBreaker} in it, fails. */
    @Test
    void eachRuleCatchesAViolation() {
        JavaClasses breaker = new ClassFileImporter().importClasses(ArchitectureRuleBreaker.class);
        for (ArchRule rule : new ArchRule[] {ONLY_THE_LAYER_AND_THE_SPI, NO_HTTP_OR_JSON, NO_USE_CASES,
                ONLY_THE_STORE_IS_PUBLIC}) {
            AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(breaker), rule::getDescription);
            assertTrue(failure.getMessage().contains("ArchitectureRuleBreaker"), failure::getMessage);
        }
    }
}
