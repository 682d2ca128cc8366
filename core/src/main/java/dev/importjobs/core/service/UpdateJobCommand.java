package dev.importjobs.core.service;

/**
 * A partial update: fields given in {@code patch} replace the job's, absent ({@code null}) fields stay.
 * Counters and {@code lastProcessedChunkIndex} given here are the caller's absolute values (not
 * deduplicated like chunks).
 *
 * @param expectedVersion when given, the update applies only to this version (else 3002)
 */
public record UpdateJobCommand(String organizationId, String jobId, JobFields patch, Long expectedVersion) {

    public UpdateJobCommand {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (jobId == null) {
            violations.add("id", "is required");
        }
        if (patch == null) {
            patch = JobFields.builder().build();
        }
        patch.check(violations, false);
        if (expectedVersion != null && expectedVersion < 1) {
            violations.add("expectedVersion", "must be >= 1");
        }
        violations.throwIfAny();
    }
}
