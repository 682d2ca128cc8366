package dev.importjobs.core.service;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hands every stored line error of a job (of the given severities; all when empty) to {@code sink} in
 * recorded order, streaming them rather than loading them all (for CSV downloads).
 */
@FunctionalInterface
public interface ExportLineErrors {
    void exportLineErrors(JobRef job, Set<Severity> severities, Consumer<LineError> sink);
}
