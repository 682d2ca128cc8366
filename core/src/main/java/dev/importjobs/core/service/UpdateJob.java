package dev.importjobs.core.service;

import dev.importjobs.core.model.ImportJob;

/** Applies a partial update atomically and returns the job with every stored line error. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface UpdateJob {
    ImportJob update(UpdateJobCommand command);
}
