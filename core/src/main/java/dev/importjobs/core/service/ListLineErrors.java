package dev.importjobs.core.service;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.query.Page;

/** One page of a job's stored line errors. Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface ListLineErrors {
    Page<LineError> listLineErrors(ListLineErrorsQuery query);
}
