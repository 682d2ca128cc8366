package dev.importjobs.storage.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store is PostgreSQL's part only (docs/storage.md#adding-a-store): its dialect and migrations on
 * the shared JDBC layer and core's spi; the transaction policy is the shared one. Each rule is shown to bite on
 * {@link ArchitectureRuleBreaker}, so none passes vacuously.
 */
class PostgresArchitectureTest {
    private static final String STORE = "dev.importjobs.storage.postgres";
    private static final String JDBC = "dev.importjobs.storage.jdbc";
    private static final String CORE = "dev.importjobs.core";

    private static JavaClasses store;

    @BeforeAll
    static void importStore() {
        store = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(STORE);
    }

    /** The shared layer, core's spi with the model and errors it speaks in, the driver and the pool. */
    static final ArchRule ONLY_THE_LAYER_AND_THE_SPI = classes().that().resideInAPackage(STORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(STORE, JDBC, CORE + ".spi", CORE + ".model",
                    CORE + ".error", "java..", "javax.sql..", "org.postgresql..", "com.zaxxer.hikari..")
            .because("the PostgreSQL store adds its dialect and migrations to the shared layer");

    static final ArchRule NO_USE_CASES_HTTP_OR_JSON = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(CORE + ".service..", CORE + ".memory..",
                    "com.sun.net.httpserver..", "java.net.http..", "tools.jackson..", "dev.importjobs.http..")
            .because("a store runs core's modifications and knows the model, never the use cases or HTTP");

    static final ArchRule ONLY_THE_STORE_IS_PUBLIC = classes().that().resideInAPackage(STORE).and().arePublic()
            .should().haveNameMatching("dev\\.importjobs\\.storage\\.postgres\\.PostgresJobStore(\\$Builder)?");

    @Test
    void theStoreWasImportedWithoutItsTests() {
        assertTrue(store.contain(STORE + ".PostgresJobStore"), "the store was imported");
        assertTrue(store.contain(STORE + ".PostgresDialect"));
        assertFalse(store.contain(STORE + ".ArchitectureRuleBreaker"), "test classes are not the store");
    }

    @Test
    void theStoreBuildsOnTheSharedLayerAndTheSpi() {
        ONLY_THE_LAYER_AND_THE_SPI.check(store);
    }

    @Test
    void theStoreUsesNeitherTheUseCasesNorHttp() {
        NO_USE_CASES_HTTP_OR_JSON.check(store);
    }

    @Test
    void onlyTheStoreItselfIsPublic() {
        ONLY_THE_STORE_IS_PUBLIC.check(store);
    }

    @Test
    void eachRuleCatchesAViolation() {
        JavaClasses breaker = new ClassFileImporter().importClasses(ArchitectureRuleBreaker.class);
        for (ArchRule rule : new ArchRule[] {ONLY_THE_LAYER_AND_THE_SPI, NO_USE_CASES_HTTP_OR_JSON,
                ONLY_THE_STORE_IS_PUBLIC}) {
            AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(breaker), rule::getDescription);
            assertTrue(failure.getMessage().contains("ArchitectureRuleBreaker"), failure::getMessage);
        }
    }
}
