package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateJobCommandTest {
    private static final String ORG = "org_123";
    private static final String ID = "6553f1000123456789abcdef";

    private static UpdateJobCommand update(JobFields.Builder patch) {
        return new UpdateJobCommand(ORG, ID, patch.build(), null);
    }

    @Test
    void anEmptyPatchIsValidAndANullPatchIsEmpty() {
        assertDoesNotThrow(() -> update(JobFields.builder()));
        UpdateJobCommand command = new UpdateJobCommand(ORG, ID, null, null);
        assertEquals(JobFields.builder().build(), command.patch());
    }

    @Test
    void aMissingJobIdIsReportedWithTheOtherViolations() {
        assertViolations(() -> new UpdateJobCommand("x", null, JobFields.builder().summary(null).build(), 0L),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"),
                violation("id", "is required"),
                violation("expectedVersion", "must be >= 1"));
    }

    @Test
    void aLineErrorReplacementMustNameASeverity() {
        assertViolations(() -> update(JobFields.builder().errorReport(
                        new LineErrorReplacement(java.util.Set.of(), List.of()))),
                violation("errorReport", "must name at least one severity to replace"));
    }

    @Test
    void aPatchNeedsNeitherCreatorIdNorFileName() {
        assertDoesNotThrow(() -> update(JobFields.builder()
                .createdBy(new CreatedBy(null, "a@b.c", null, null, null, null))
                .file(new FileInfo(null, "text/csv", 10L, null, null, null, null, null, null))));
    }

    @Test
    void givenFieldsFollowTheCreateRules() {
        assertViolations(() -> update(JobFields.builder().createdBy("")),
                violation("createdBy.id", "must be 1..128 characters"));
        assertViolations(() -> update(JobFields.builder().createdBy("a\u0000")),
                violation("createdBy.id", "must not contain control characters"));
        assertViolations(() -> update(JobFields.builder().fileName("")),
                violation("file.originalName", "must be 1..1024 characters"));
        assertViolations(() -> update(JobFields.builder().fileName("x".repeat(1025))),
                violation("file.originalName", "must be 1..1024 characters"));
        assertViolations(() -> update(JobFields.builder().idempotencyKey("é")),
                violation("idempotencyKey", "must be printable ASCII"));
        assertViolations(() -> update(JobFields.builder().totalRows(5L).processedRows(6L)),
                violation("processedRows", "must be <= totalRows (5)"));
        assertViolations(() -> update(JobFields.builder()
                        .errorReport(LineErrorReplacement.all(List.of(LineError.error(1, ""))))),
                violation("errorReport[0].message", "must be 1..2000 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pending", "created", "inProgress", "completed", "failed", "cancelled", "CANCELED", "ACTIVE"})
    void anyStatusMayBeAskedFor(String status) {
        assertEquals(JobStatus.parse("status", status), update(JobFields.builder().status(status)).patch().parsedStatus());
    }

    @Test
    void anUnknownStatusIsRefused() {
        assertViolations(() -> update(JobFields.builder().status("finished")),
                violation("status", "must be one of pending, created, inProgress, completed, failed, cancelled"));
    }

    @Test
    void anExpectedVersionIsOneOrMore() {
        assertEquals(1L, new UpdateJobCommand(ORG, ID, null, 1L).expectedVersion());
        assertEquals(Long.MAX_VALUE, new UpdateJobCommand(ORG, ID, null, Long.MAX_VALUE).expectedVersion());
        assertViolations(() -> new UpdateJobCommand(ORG, ID, null, 0L), violation("expectedVersion", "must be >= 1"));
        assertViolations(() -> new UpdateJobCommand(ORG, ID, null, -5L), violation("expectedVersion", "must be >= 1"));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        JobFields patch = JobFields.builder().createdBy("").status("nope").processedRows(-1L).build();
        assertViolations(() -> new UpdateJobCommand("no", ID, patch, 0L),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"),
                violation("createdBy.id", "must be 1..128 characters"),
                violation("status", "must be one of pending, created, inProgress, completed, failed, cancelled"),
                violation("processedRows", "must be >= 0"),
                violation("expectedVersion", "must be >= 1"));
    }
}
