package dev.importjobs.storage.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.importjobs.core.internal.JsonValues;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared layer's place (docs/design.md): it builds on core's spi and model with plain JDBC, and names
 * no database, driver, pool, use case or HTTP/JSON library, so every store can sit on it. Each rule is
 * shown to bite on {@link ArchitectureRuleBreaker}, so none passes vacuously.
 */
class JdbcArchitectureTest {
    private static final String JDBC = "dev.importjobs.storage.jdbc";
    private static final String CORE = "dev.importjobs.core";
    /** What the stores see of this package: the kit for writing a store, nothing of its row mapping. */
    private static final List<String> PUBLIC_TYPES = List.of("JdbcJobStore", "Dialect", "SqlFailure",
            "CountsUpkeep", "CountsUpkeep$Job", "StoreKeptCounts", "Transactions", "Transactions$Work",
            "PooledTransactions", "Statements", "PooledStatements", "Migrations", "Listings", "Listings$Query",
            "ChangeFeedRows");

    private static JavaClasses layer;

    @BeforeAll
    static void importLayer() {
        layer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(JDBC);
    }

    /** java.base and java.sql, core's spi, model, query and error types, and core's JSON of the config. */
    static final ArchRule ONLY_SPI_AND_JDBC = classes().that().resideInAPackage(JDBC)
            .should().onlyDependOnClassesThat(DescribedPredicate.or(
                    JavaClass.Predicates.resideInAnyPackage(JDBC, CORE + ".spi", CORE + ".model", CORE + ".query",
                            CORE + ".error", "java.lang..", "java.util..", "java.io..", "java.nio..", "java.time..",
                            "java.security..", "java.sql..", "javax.sql.."),
                    JavaClass.Predicates.equivalentTo(JsonValues.class)))
            .because("the shared layer is written against core's spi and JDBC alone");

    static final ArchRule NO_USE_CASES = noClasses().that().resideInAPackage(JDBC)
            .should().dependOnClassesThat().resideInAnyPackage(CORE + ".service..", CORE + ".memory..")
            .because("a store runs core's modifications; it never calls the use cases");

    static final ArchRule NO_HTTP_OR_JSON = noClasses().that().resideInAPackage(JDBC)
            .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "java.net.http..",
                    "com.fasterxml.jackson..", "tools.jackson..", "dev.importjobs.http..")
            .because("the store knows the model, never HTTP");

    static final ArchRule NO_DATABASE_NAMED = noClasses().that().resideInAPackage(JDBC)
            .should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "org.postgresql..",
                    "com.zaxxer.hikari..", "dev.importjobs.storage.sqlite..", "dev.importjobs.storage.postgres..")
            .because("what one database does differently belongs in its Dialect and Transactions");

    static final ArchRule SMALL_SURFACE = classes().that().resideInAPackage(JDBC).and().arePublic()
            .should().haveNameMatching(Pattern.quote(JDBC + ".") + PUBLIC_TYPES.stream().map(Pattern::quote)
                    .collect(Collectors.joining("|", "(", ")")))
            .because("row mapping and SQL stay package-private: the stores only plug in");

    @Test
    void theLayerWasImportedWithoutItsTests() {
        assertTrue(layer.contain(JDBC + ".JdbcJobStore"), "the layer was imported");
        assertTrue(layer.contain(JDBC + ".JobRows"));
        assertFalse(layer.contain(JDBC + ".ArchitectureRuleBreaker"), "test classes are not the layer");
    }

    @Test
    void theLayerBuildsOnCoresSpiAndJdbcAlone() {
        ONLY_SPI_AND_JDBC.check(layer);
    }

    @Test
    void theLayerNeverCallsTheUseCases() {
        NO_USE_CASES.check(layer);
    }

    @Test
    void theLayerNeverTouchesHttpOrJson() {
        NO_HTTP_OR_JSON.check(layer);
    }

    @Test
    void theLayerNamesNoDatabaseDriverOrPool() {
        NO_DATABASE_NAMED.check(layer);
    }

    @Test
    void onlyTheKitForWritingAStoreIsPublic() {
        SMALL_SURFACE.check(layer);
    }

    /** Each rule, run over the package with {@link ArchitectureRuleBreaker} in it, fails. */
    @Test
    void eachRuleCatchesAViolation() {
        JavaClasses breaker = new ClassFileImporter().importClasses(ArchitectureRuleBreaker.class);
        for (ArchRule rule : new ArchRule[] {ONLY_SPI_AND_JDBC, NO_USE_CASES, NO_HTTP_OR_JSON, NO_DATABASE_NAMED,
                SMALL_SURFACE}) {
            AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(breaker), rule::getDescription);
            assertTrue(failure.getMessage().contains("ArchitectureRuleBreaker"), failure::getMessage);
        }
    }
}
