package dev.importjobs.storage.sqlite;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store knows the model and the port, never HTTP, JSON libraries or the use cases. */
class StorageArchitectureTest {
    private static final String STORE = "dev.importjobs.storage.sqlite";
    private static final String CORE = "dev.importjobs.core";

    private static JavaClasses store;

    @BeforeAll
    static void importStore() {
        store = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(STORE);
    }

    @Test
    void theStorePackageHoldsClasses() {
        assertFalse(store.that(JavaClass.Predicates.resideInAPackage(STORE)).isEmpty(),
                "no classes imported: the rules below would pass vacuously");
    }

    @Test
    void theStoreDoesNotTouchHttpOrJson() {
        noClasses().that().resideInAPackage(STORE)
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "java.net.http..",
                        "com.fasterxml.jackson..", "tools.jackson..", "dev.importjobs.http..")
                .check(store);
    }

    @Test
    void theStoreUsesThePortAndModelButNotTheUseCases() {
        noClasses().that().resideInAPackage(STORE)
                .should().dependOnClassesThat().resideInAnyPackage(CORE + ".service..", CORE + ".memory..")
                .check(store);
    }

    @Test
    void onlyTheStoreItselfIsPublic() {
        classes().that().resideInAPackage(STORE).and().arePublic()
                .should().haveNameMatching("dev\\.importjobs\\.storage\\.sqlite\\.SqliteJobStore(\\$Builder)?")
                .check(store);
    }
}
