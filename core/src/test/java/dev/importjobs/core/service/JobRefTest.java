package dev.importjobs.core.service;

import static dev.importjobs.core.error.ErrorAssertions.assertViolations;
import static dev.importjobs.core.error.ErrorAssertions.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobRefTest {

    @Test
    void aReferenceNamesAnOrganizationAndAnId() {
        JobRef ref = new JobRef("org_123", "6553f1000123456789abcdef");
        assertEquals("org_123", ref.organizationId());
        assertEquals("6553f1000123456789abcdef", ref.jobId());
    }

    @Test
    void anIdThatCannotNameAJobIsStillAReference() {
        // it is simply not found later (3001), not a validation error
        assertEquals("not-an-id", new JobRef("org_123", "not-an-id").jobId());
    }

    @Test
    void theOrganizationIsRequiredAndFollowsThePattern() {
        assertViolations(() -> new JobRef(null, "6553f1000123456789abcdef"), violation("organizationId", "is required"));
        assertViolations(() -> new JobRef("o", "6553f1000123456789abcdef"),
                violation("organizationId", "must match ^[A-Za-z0-9_-]{3,128}$"));
    }

    @Test
    void theIdIsRequiredAndBothAreReportedTogether() {
        assertViolations(() -> new JobRef("org_123", null), violation("id", "is required"));
        assertViolations(() -> new JobRef(null, null),
                violation("organizationId", "is required"), violation("id", "is required"));
    }
}
