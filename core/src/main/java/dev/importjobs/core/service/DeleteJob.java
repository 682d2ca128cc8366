package dev.importjobs.core.service;

/** Deletes a job with its line errors and chunk records. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface DeleteJob {
    void delete(JobRef job);
}
