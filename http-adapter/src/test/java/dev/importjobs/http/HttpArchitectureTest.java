package dev.importjobs.http;

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
 * The adapter's place in the layering (docs/design.md): HTTP → use case → port → store. It knows the use
 * cases, never SQL or a store: the runnable server ({@code dev.importjobs.server}) picks the store. Each
 * rule is shown to bite on code that breaks it, so none passes vacuously.
 */
class HttpArchitectureTest {
    private static final String HTTP = "dev.importjobs.http";
    private static final String STORAGE = "dev.importjobs.storage";
    private static final String CORE_MEMORY = "dev.importjobs.core.memory";
    private static final String JAVA_SQL = "java.sql";

    private static JavaClasses adapter;
    private static JavaClasses storage;
    private static JavaClasses memory;

    @BeforeAll
    static void importClasses() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        adapter = importer.importPackages(HTTP);
        storage = importer.importPackages(STORAGE);
        memory = importer.importPackages(CORE_MEMORY);
    }

    static final ArchRule NO_SQL = noClasses().that().resideInAPackage(HTTP + "..")
            .should().dependOnClassesThat().resideInAPackage(JAVA_SQL + "..")
            .because("SQL belongs to the store; the adapter calls use cases");

    static final ArchRule NO_STORE = noClasses().that().resideInAPackage(HTTP + "..")
            .should().dependOnClassesThat().resideInAPackage(STORAGE + "..")
            .because("the adapter serves any JobStore; the runnable server picks one");

    static final ArchRule NO_IN_MEMORY_STORE = noClasses().that().resideInAPackage(HTTP + "..")
            .should().dependOnClassesThat().resideInAPackage(CORE_MEMORY + "..")
            .because("the in-memory store is for tests and embedders, not the server");

    @Test
    void theImportedPackagesHoldTheirClasses() {
        assertTrue(adapter.contain(HTTP + ".ImportJobsServer"), "the adapter was imported");
        assertTrue(adapter.contain(HTTP + ".RootHandler"));
        assertFalse(adapter.contain(HTTP + ".ArchitectureRuleBreaker"), "test classes are not the adapter");
        assertTrue(storage.contain(STORAGE + ".sqlite.SqliteJobStore"), "the store package is real and imported");
        assertTrue(memory.contain(CORE_MEMORY + ".InMemoryJobStore"), "the in-memory package is real and imported");
    }

    @Test
    void theAdapterNeverTouchesJavaSql() {
        NO_SQL.check(adapter);
    }

    @Test
    void theAdapterNeverTouchesAStore() {
        NO_STORE.check(adapter);
    }

    @Test
    void theAdapterNeverTouchesTheInMemoryStore() {
        NO_IN_MEMORY_STORE.check(adapter);
    }

    /** Each rule, run over the adapter's package with {@link ArchitectureRuleBreaker} in it, fails. */
    @Test
    void eachRuleCatchesAViolation() {
        JavaClasses breaker = new ClassFileImporter().importClasses(ArchitectureRuleBreaker.class);

        for (ArchRule rule : new ArchRule[] {NO_SQL, NO_STORE, NO_IN_MEMORY_STORE}) {
            AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(breaker), rule::getDescription);
            assertTrue(failure.getMessage().contains("ArchitectureRuleBreaker"), failure::getMessage);
        }
    }
}
