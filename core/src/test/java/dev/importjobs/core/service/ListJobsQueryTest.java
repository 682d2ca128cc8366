package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.importjobs.core.error.FieldViolation;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.query.SortField;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListJobsQueryTest {
    private static final String ORG = "org_123";
    private static final FieldViolation BAD_PAGE = violation("page", "must be an integer 1..2147483647");
    private static final FieldViolation BAD_LIMIT = violation("limit", "must be an integer 1..100");
    private static final FieldViolation PAGE_WITH_CURSOR =
            violation("page", "must not be given with cursor: a cursor already says where the page starts");

    private static ListJobsQuery parse(String page, String limit) {
        return ListJobsQuery.parse(ORG, page, limit, null, null, null, null, null);
    }

    @Test
    void absentParametersGiveTheFirstTenNewestJobsUnfiltered() {
        ListJobsQuery expected = new ListJobsQuery(ORG, 1L, 10, Sort.DEFAULT, JobFilter.ALL, null);
        assertEquals(expected, ListJobsQuery.parse(ORG, null, null, null, null, null, null, null));
        assertEquals(expected, ListJobsQuery.parse(ORG, "", "", "", "", "", "", ""));
        assertEquals(expected, ListJobsQuery.firstPage(ORG));
    }

    @Test
    void everyParameterIsRead() {
        ListJobsQuery query = ListJobsQuery.parse(ORG, "3", "25", "report.numItems:desc", "failed,ACTIVE", "users",
                "user_1", null);
        assertEquals(new ListJobsQuery(ORG, 3L, 25, new Sort(SortField.TOTAL_ROWS, true),
                new JobFilter(Set.of(JobStatus.FAILED, JobStatus.IN_PROGRESS), "users", "user_1"), null), query);
    }

    @Test
    void pageAndLimitAreAcceptedAtTheirBounds() {
        assertEquals(1L, parse("1", "1").page());
        assertEquals(1, parse("1", "1").limit());
        assertEquals(2_147_483_647L, parse("2147483647", "100").page());
        assertEquals(100, parse("2147483647", "100").limit());
    }

    /** Leading zeros are still ASCII digits; only a sign or another script's digits are refused. */
    @Test
    void leadingZerosAreDigitsToo() {
        assertEquals(2L, parse("0002", "010").page());
        assertEquals(10, parse("0002", "010").limit());
        assertEquals(2_147_483_647L, parse("00000000000000000002147483647", null).page());
    }

    @ParameterizedTest(name = "page [{0}]")
    @ValueSource(strings = {"0", "-1", "2147483648", "99999999999999999999", "abc", "1.5", "1e2", "0x1", "one", "1,2", "+2", "\u0662", "\uff12", "1\u0660", " "})
    void aBadPageNamesThePageAndItsRange(String page) {
        ImportJobsException e = assertViolations(() -> parse(page, null), BAD_PAGE);
        assertEquals("page: must be an integer 1..2147483647", e.getMessage());
    }

    @ParameterizedTest(name = "limit [{0}]")
    @ValueSource(strings = {"0", "101", "-5", "1000", "abc", "1.5", "10.0", "ten", "9223372036854775808", "+10", "\u0661\u0660", "\u09e8"})
    void aBadLimitNamesTheLimitAndItsRange(String limit) {
        ImportJobsException e = assertViolations(() -> parse(null, limit), BAD_LIMIT);
        assertEquals("limit: must be an integer 1..100", e.getMessage());
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        ImportJobsException e = assertViolations(
                () -> ListJobsQuery.parse(ORG, "0", "abc", "bogus", "done", null, null, null),
                BAD_PAGE, BAD_LIMIT,
                violation("sort", "cannot sort by 'bogus'; allowed fields: " + SortField.ALLOWED),
                violation("status", "must be one of pending, created, inProgress, completed, failed, cancelled"));
        assertEquals("4 fields are invalid: page, limit, sort, status", e.getMessage());
    }

    @Test
    void aBadOrganizationIsReportedWithTheBadParameters() {
        assertViolations(() -> ListJobsQuery.parse("o", "0", "101", null, null, null, null, null),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"), BAD_PAGE, BAD_LIMIT);
    }

    @Test
    void aCursorReplacesThePageNumber() {
        ListJobsQuery query = ListJobsQuery.parse(ORG, null, "5", null, null, null, null, "abc.def");
        assertNull(query.page());
        assertEquals("abc.def", query.cursor());
        assertEquals(5, query.limit());
        ListJobsQuery emptyCursor = ListJobsQuery.parse(ORG, null, null, null, null, null, null, "");
        assertNull(emptyCursor.cursor());
        assertEquals(1L, emptyCursor.page());
    }

    @Test
    void aCursorWithAPageIsRefused() {
        assertViolations(() -> ListJobsQuery.parse(ORG, "2", null, null, null, null, null, "abc.def"),
                PAGE_WITH_CURSOR);
        assertViolations(() -> ListJobsQuery.parse(ORG, "1", null, null, null, null, null, "abc.def"),
                PAGE_WITH_CURSOR);
    }

    @Test
    void aCursorWithAPageIsReportedWithTheOtherBadParameters() {
        assertViolations(() -> ListJobsQuery.parse(ORG, "2", "abc", null, null, null, null, "abc.def"),
                BAD_LIMIT, PAGE_WITH_CURSOR);
    }

    @Test
    void theConstructorChecksTheSameRules() {
        assertEquals(1L, new ListJobsQuery(ORG, null, 10, Sort.DEFAULT, JobFilter.ALL, null).page());
        assertNull(new ListJobsQuery(ORG, null, 10, Sort.DEFAULT, JobFilter.ALL, "c").page());
        assertViolations(() -> new ListJobsQuery(ORG, 0L, 10, Sort.DEFAULT, JobFilter.ALL, null), BAD_PAGE);
        assertViolations(() -> new ListJobsQuery(ORG, 2_147_483_648L, 10, Sort.DEFAULT, JobFilter.ALL, null),
                BAD_PAGE);
        assertViolations(() -> new ListJobsQuery(ORG, 1L, 0, Sort.DEFAULT, JobFilter.ALL, null), BAD_LIMIT);
        assertViolations(() -> new ListJobsQuery(ORG, 1L, 101, Sort.DEFAULT, JobFilter.ALL, null), BAD_LIMIT);
        assertViolations(() -> new ListJobsQuery(ORG, 2L, 10, Sort.DEFAULT, JobFilter.ALL, "c"), PAGE_WITH_CURSOR);
        assertViolations(() -> new ListJobsQuery(null, 1L, 10, Sort.DEFAULT, JobFilter.ALL, null),
                violation("organizationId", "is required"));
    }
}
