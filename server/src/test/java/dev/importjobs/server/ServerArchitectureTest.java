package dev.importjobs.server;

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
import dev.importjobs.core.layering.CoreUsesServer;
import dev.importjobs.http.layering.HttpUsesServer;
import dev.importjobs.storage.layering.StorageUsesServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's place in the layering (docs/design.md#modules): it may use every other module, and none
 * of them uses it; inside it, only {@link StoreKind} names a store. Each rule is shown to bite on a class
 * that breaks it (the breakers sit in test-only packages of the other layers, which no module owns), and
 * each package a rule speaks of is checked to hold classes, so no rule passes vacuously.
 */
class ServerArchitectureTest {
    private static final String ROOT = "dev.importjobs";
    private static final String CORE = ROOT + ".core";
    private static final String STORAGE = ROOT + ".storage";
    private static final String HTTP = ROOT + ".http";
    private static final String SERVER = ROOT + ".server";
    private static final String STORE_KIND = StoreKind.class.getName();

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    private static ArchRule ignoresTheServer(String layer) {
        return noClasses().that().resideInAPackage(layer + "..")
                .should().dependOnClassesThat().resideInAPackage(SERVER + "..")
                .because("the server wires the other modules together; they work without it");
    }

    static final ArchRule CORE_IGNORES_SERVER = ignoresTheServer(CORE);
    static final ArchRule STORAGE_IGNORES_SERVER = ignoresTheServer(STORAGE);
    static final ArchRule HTTP_IGNORES_SERVER = ignoresTheServer(HTTP);

    private static final DescribedPredicate<JavaClass> THE_STORE_CHOICE = DescribedPredicate.describe(
            "the store choice", c -> c.getName().equals(STORE_KIND) || c.getName().startsWith(STORE_KIND + "$"));

    static final ArchRule ONLY_THE_STORE_CHOICE_NAMES_A_STORE = noClasses().that().resideInAPackage(SERVER + "..")
            .and(DescribedPredicate.not(THE_STORE_CHOICE))
            .should().dependOnClassesThat().resideInAPackage(STORAGE + "..")
            .because("a store plugs into the server with one entry of StoreKind; the rest sees a JobStore");

    @ParameterizedTest
    @ValueSource(strings = {CORE, STORAGE, HTTP, SERVER})
    void everyLayerHoldsMainClasses(String layer) {
        assertFalse(main.that(JavaClass.Predicates.resideInAPackage(layer + "..")).isEmpty(),
                layer + " holds no main classes: a rule about it would pass vacuously");
    }

    @Test
    void theBreakersAreNotMainClasses() {
        assertTrue(main.contain(STORE_KIND));
        assertFalse(main.contain(CoreUsesServer.class.getName()));
        assertFalse(main.contain(StoreRuleBreaker.class.getName()));
    }

    @Test
    void coreNeverUsesTheServer() {
        CORE_IGNORES_SERVER.check(main);
    }

    @Test
    void storageNeverUsesTheServer() {
        STORAGE_IGNORES_SERVER.check(main);
    }

    @Test
    void httpNeverUsesTheServer() {
        HTTP_IGNORES_SERVER.check(main);
    }

    @Test
    void onlyTheStoreChoiceNamesAStore() {
        ONLY_THE_STORE_CHOICE_NAMES_A_STORE.check(main);
    }

    /** Each rule fails on the class made to break it. */
    @Test
    void eachRuleCatchesAViolation() {
        Map<ArchRule, Class<?>> breakers = Map.of(
                CORE_IGNORES_SERVER, CoreUsesServer.class,
                STORAGE_IGNORES_SERVER, StorageUsesServer.class,
                HTTP_IGNORES_SERVER, HttpUsesServer.class,
                ONLY_THE_STORE_CHOICE_NAMES_A_STORE, StoreRuleBreaker.class);

        breakers.forEach((rule, breaker) -> {
            JavaClasses classes = new ClassFileImporter().importClasses(breaker);
            AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(classes), rule::getDescription);
            assertTrue(failure.getMessage().contains(breaker.getSimpleName()), failure::getMessage);
        });
    }
}
