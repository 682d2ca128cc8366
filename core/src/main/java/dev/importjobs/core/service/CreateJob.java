package dev.importjobs.core.service;

/** Creates a job, or replays the one an earlier create with the same idempotency key and content made (docs/model.md#idempotent-create). Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface CreateJob {
    CreateResult create(CreateJobCommand command);
}
