package dev.importjobs.core.service;

/** Creates a job, or replays the one an earlier create with the same idempotency key and content made (§3). Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the contract's codes. */
@FunctionalInterface
public interface CreateJob {
    CreateResult create(CreateJobCommand command);
}
