package dev.importjobs.core.service;

import dev.importjobs.core.model.ImportJob;

/** The job with every stored line error. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the contract's codes. */
@FunctionalInterface
public interface GetJob {
    ImportJob get(JobRef job);
}
