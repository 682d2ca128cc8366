package dev.importjobs.core.service;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.query.Page;

/** One page of an organization's jobs; each carries at most the first 10 line errors. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface ListJobs {
    Page<ImportJob> list(ListJobsQuery query);
}
