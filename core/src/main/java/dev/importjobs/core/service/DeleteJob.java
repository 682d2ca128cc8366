package dev.importjobs.core.service;

/** Deletes a job with its line errors and chunk records. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the contract's codes. */
@FunctionalInterface
public interface DeleteJob {
    void delete(JobRef job);
}
