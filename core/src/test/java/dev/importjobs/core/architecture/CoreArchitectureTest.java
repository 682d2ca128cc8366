package dev.importjobs.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layering of core (docs/design.md), as executable rules. Each rule's packages are checked to hold
 * classes, so none passes vacuously.
 */
class CoreArchitectureTest {
    private static final String CORE = "dev.importjobs.core";
    private static final String MODEL = CORE + ".model";
    private static final String QUERY = CORE + ".query";
    private static final String SPI = CORE + ".spi";
    private static final String INTERNAL = CORE + ".internal";
    private static final String SERVICE = CORE + ".service";
    private static final String MEMORY = CORE + ".memory";
    private static final String ERROR = CORE + ".error";
    private static final String AUTH = CORE + ".auth";

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @ParameterizedTest
    @ValueSource(strings = {MODEL, QUERY, SPI, INTERNAL, SERVICE, MEMORY, ERROR, AUTH})
    void everyNamedPackageHoldsClasses(String packageName) {
        assertFalse(core.that(JavaClass.Predicates.resideInAPackage(packageName))
                .isEmpty(), packageName + " holds no classes: a rule about it would pass vacuously");
    }

    /** The contract suite's package is test-only: main code there would make it a split package. */
    @Test
    void noMainClassLivesInTheTestkitPackage() {
        assertTrue(core.that(JavaClass.Predicates.resideInAPackage(CORE + ".testkit..")).isEmpty());
        assertFalse(core.that(JavaClass.Predicates.resideInAPackage(CORE + "..")).isEmpty());
    }

    /** java.base only; javax.crypto (the HMAC of cursors) is part of java.base. */
    @Test
    void coreDependsOnJavaBaseOnly() {
        classes().that().resideInAPackage(CORE + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(CORE + "..", "java..", "javax.crypto..")
                .check(core);
    }

    @Test
    void theSpiDoesNotKnowTheUseCases() {
        noClasses().that().resideInAPackage(SPI)
                .should().dependOnClassesThat().resideInAnyPackage(SERVICE, MEMORY)
                .check(core);
    }

    @Test
    void modelAndQueriesDoNotKnowPortsOrUseCases() {
        noClasses().that().resideInAnyPackage(MODEL, QUERY, ERROR, AUTH)
                .should().dependOnClassesThat().resideInAnyPackage(SPI, SERVICE, MEMORY)
                .check(core);
    }

    @Test
    void theInMemoryStoreKnowsOnlyThePortAndTheModel() {
        noClasses().that().resideInAPackage(MEMORY)
                .should().dependOnClassesThat().resideInAPackage(SERVICE)
                .check(core);
    }

    /**
     * The embedding API and the spi speak only in exported types: a public signature naming an internal
     * type would force the internal package to be exported (as jackson-jr once had to export its impl).
     */
    @Test
    void noExportedSignatureNamesAnInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage(INTERNAL)
                .and().areDeclaredInClassesThat().arePublic()
                .should().notHaveRawReturnType(JavaClass.Predicates.resideInAPackage(INTERNAL))
                .andShould().notHaveRawParameterTypes(DescribedPredicate.anyElementThat(
                        JavaClass.Predicates.resideInAPackage(INTERNAL)))
                .check(core);
    }

    @Test
    void theSignatureRuleBitesOnAnInternalReturnType() {
        JavaClasses breaker = new ClassFileImporter().importClasses(LeaksInternals.class);
        assertThrows(AssertionError.class, () -> methods().that().arePublic()
                .should().notHaveRawReturnType(JavaClass.Predicates.resideInAPackage(INTERNAL)).check(breaker));
    }

    /** A public class whose public method returns an internal type: what the rule above forbids. */
    public static final class LeaksInternals {
        public dev.importjobs.core.internal.JobIds ids() {
            return null;
        }
    }
}
