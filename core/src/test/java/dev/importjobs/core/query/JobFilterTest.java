package dev.importjobs.core.query;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static dev.importjobs.core.query.Jobs.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobFilterTest {
    private static final String VALID = "must be one of pending, created, inProgress, completed, failed, cancelled";

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void noStatusesMeansAny(String input) {
        assertEquals(Set.of(), JobFilter.parseStatuses(input));
    }

    @Test
    void oneStatusIsReadForgivingly() {
        assertEquals(Set.of(JobStatus.IN_PROGRESS), JobFilter.parseStatuses("IN_PROGRESS"));
        assertEquals(Set.of(JobStatus.IN_PROGRESS), JobFilter.parseStatuses("ACTIVE"));
        assertEquals(Set.of(JobStatus.CANCELLED), JobFilter.parseStatuses("canceled"));
    }

    @Test
    void aCommaListIsReadPartByPartTrimmedAndDeduplicated() {
        assertEquals(EnumSet.of(JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.FAILED, JobStatus.CANCELLED),
                JobFilter.parseStatuses("pending,IN_PROGRESS, failed ,canceled,active,in-progress"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"done", "pending,done", "pending,", ",pending", "pending,,failed", "pending;failed",
        "pending failed", ","})
    void anInvalidPartIsAValidationErrorOnStatus(String input) {
        assertViolations(() -> JobFilter.parseStatuses(input), violation("status", VALID));
    }

    private static ImportJob jobOf(String id, JobStatus status, String action, String creator) {
        return job(id).status(status).action(action).createdBy(CreatedBy.of(creator)).build();
    }

    /** Stalled is read from the job's last change and the listing's cutoff, never from a flag set before. */
    @Test
    void stalledIsJudgedByTheCutoffGiven() {
        ImportJob running = job("1").status(JobStatus.IN_PROGRESS).updatedAt(Instant.parse("2024-01-01T00:00:00Z"))
                .build();
        JobFilter onlyStalled = new JobFilter(Set.of(), null, null, true);
        JobFilter notStalled = new JobFilter(Set.of(), null, null, false);

        assertTrue(onlyStalled.matches(running, Instant.parse("2024-01-01T00:00:00.001Z")));
        assertFalse(onlyStalled.matches(running, Instant.parse("2024-01-01T00:00:00Z")));
        assertTrue(notStalled.matches(running, Instant.parse("2024-01-01T00:00:00Z")));
        assertFalse(running.stalled(), "the job itself is not marked");
        assertThrows(IllegalArgumentException.class, () -> onlyStalled.matches(running, null));
    }

    @Test
    void theEmptyFilterMatchesEveryJob() {
        assertTrue(JobFilter.ALL.matches(jobOf("1", JobStatus.FAILED, null, "u"), null));
        assertTrue(new JobFilter(null, null, null).matches(jobOf("1", JobStatus.PENDING, "x", "u"), null));
    }

    @Test
    void statusesMatchAnyOfThem() {
        JobFilter filter = new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), null, null);
        assertTrue(filter.matches(jobOf("1", JobStatus.PENDING, null, "u"), null));
        assertTrue(filter.matches(jobOf("2", JobStatus.FAILED, null, "u"), null));
        assertFalse(filter.matches(jobOf("3", JobStatus.IN_PROGRESS, null, "u"), null));
        assertFalse(filter.matches(jobOf("4", JobStatus.CANCELLED, null, "u"), null));
    }

    @Test
    void actionAndCreatorMatchExactly() {
        JobFilter byAction = new JobFilter(Set.of(), "inventory", null);
        assertTrue(byAction.matches(jobOf("1", JobStatus.PENDING, "inventory", "u"), null));
        assertFalse(byAction.matches(jobOf("2", JobStatus.PENDING, "Inventory", "u"), null));
        assertFalse(byAction.matches(jobOf("3", JobStatus.PENDING, "inventory ", "u"), null));
        assertFalse(byAction.matches(jobOf("4", JobStatus.PENDING, null, "u"), null));

        JobFilter byCreator = new JobFilter(Set.of(), null, "user_1");
        assertTrue(byCreator.matches(jobOf("5", JobStatus.PENDING, null, "user_1"), null));
        assertFalse(byCreator.matches(jobOf("6", JobStatus.PENDING, null, "user_10"), null));
        assertFalse(byCreator.matches(jobOf("7", JobStatus.PENDING, null, "USER_1"), null));
    }

    @Test
    void allPartsMustMatch() {
        JobFilter filter = new JobFilter(Set.of(JobStatus.COMPLETED), "users", "u1");
        assertTrue(filter.matches(jobOf("1", JobStatus.COMPLETED, "users", "u1"), null));
        assertFalse(filter.matches(jobOf("2", JobStatus.FAILED, "users", "u1"), null));
        assertFalse(filter.matches(jobOf("3", JobStatus.COMPLETED, "items", "u1"), null));
        assertFalse(filter.matches(jobOf("4", JobStatus.COMPLETED, "users", "u2"), null));
    }

    @Test
    void theStatusSetIsAnUnmodifiableCopy() {
        Set<JobStatus> given = new HashSet<>(Set.of(JobStatus.PENDING));
        JobFilter filter = new JobFilter(given, null, null);
        given.add(JobStatus.FAILED);
        assertEquals(Set.of(JobStatus.PENDING), filter.statuses());
        assertThrows(UnsupportedOperationException.class, () -> filter.statuses().add(JobStatus.FAILED));
        assertEquals(Set.of(), new JobFilter(null, null, null).statuses());
    }

    @Test
    void canonicalTextIsStableAndTellsFiltersApart() {
        assertEquals("||", JobFilter.ALL.canonical());
        assertEquals("failed,inProgress|=scope|=user",
                new JobFilter(EnumSet.of(JobStatus.IN_PROGRESS, JobStatus.FAILED), "scope", "user").canonical());
        assertEquals(new JobFilter(Set.of(JobStatus.FAILED, JobStatus.PENDING), null, null).canonical(),
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), null, null).canonical());
        assertEquals("|=|", new JobFilter(null, "", null).canonical());
        assertEquals("||=", new JobFilter(null, null, "").canonical());
    }
}
