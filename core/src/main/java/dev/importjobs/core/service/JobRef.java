package dev.importjobs.core.service;

/** Names one job: its organization and id. */
public record JobRef(String organizationId, String jobId) {
    public JobRef {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (jobId == null) {
            violations.add("id", "is required");
        }
        violations.throwIfAny();
    }
}
