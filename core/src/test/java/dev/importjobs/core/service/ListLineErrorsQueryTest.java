package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.model.Severity;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListLineErrorsQueryTest {
    private static final String ORG = "org_123";
    private static final String ID = "6553f1000123456789abcdef";
    private static final FieldViolation BAD_PAGE = violation("page", "must be an integer 1..2147483647");
    private static final FieldViolation BAD_LIMIT = violation("limit", "must be an integer 1..100");
    private static final FieldViolation BAD_SEVERITY = violation("severity", "must be one of error, warning, skip");

    @Test
    void absentParametersGiveTheFirstTenOfEverySeverity() {
        ListLineErrorsQuery expected = new ListLineErrorsQuery(ORG, ID, 1, 10, Set.of());
        assertEquals(expected, ListLineErrorsQuery.parse(ORG, ID, null, null, null));
        assertEquals(expected, ListLineErrorsQuery.parse(ORG, ID, "", "", ""));
        assertEquals(expected, ListLineErrorsQuery.parse(ORG, ID, null, null, " "));
    }

    @Test
    void everyParameterIsRead() {
        assertEquals(new ListLineErrorsQuery(ORG, ID, 4, 100, EnumSet.of(Severity.ERROR, Severity.WARNING)),
                ListLineErrorsQuery.parse(ORG, ID, "4", "100", "error, WARNING,error"));
        assertEquals(Set.of(Severity.SKIP), ListLineErrorsQuery.parse(ORG, ID, null, null, "Skip").severities());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"0", "-1", "2147483648", "abc", "1.5", "+1", "\u0662", "10.0"})
    void aBadPageNamesThePageAndItsRange(String page) {
        assertViolations(() -> ListLineErrorsQuery.parse(ORG, ID, page, null, null), BAD_PAGE);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"0", "101", "abc", "1.5", "-1", "\u0665\u0660", "+5"})
    void aBadLimitNamesTheLimitAndItsRange(String limit) {
        assertViolations(() -> ListLineErrorsQuery.parse(ORG, ID, null, limit, null), BAD_LIMIT);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"fatal", "error,", ",error", "error;warning", "errors", "warn"})
    void aBadSeverityListsTheValidOnes(String severity) {
        assertViolations(() -> ListLineErrorsQuery.parse(ORG, ID, null, null, severity), BAD_SEVERITY);
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        assertViolations(() -> ListLineErrorsQuery.parse(ORG, ID, "0", "101", "x"), BAD_PAGE, BAD_LIMIT, BAD_SEVERITY);
    }

    @Test
    void aMissingIdOrBadOrganizationIsReportedWithTheBadParameters() {
        assertViolations(() -> ListLineErrorsQuery.parse("o", null, "0", null, null),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"), violation("id", "is required"),
                BAD_PAGE);
    }

    @Test
    void theConstructorChecksTheSameRulesAndCopiesTheSeverities() {
        assertViolations(() -> new ListLineErrorsQuery(ORG, null, 0, 0, null),
                violation("id", "is required"), BAD_PAGE, BAD_LIMIT);
        assertEquals(Set.of(), new ListLineErrorsQuery(ORG, ID, 1, 1, null).severities());
        Set<Severity> given = new HashSet<>(Set.of(Severity.ERROR));
        ListLineErrorsQuery query = new ListLineErrorsQuery(ORG, ID, 1, 1, given);
        given.add(Severity.SKIP);
        assertEquals(Set.of(Severity.ERROR), query.severities());
        assertThrows(UnsupportedOperationException.class, () -> query.severities().add(Severity.SKIP));
    }
}
