package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.util.List;
import java.util.Set;

/**
 * The outcome of a {@link JobModification}, applied by the store in this order: replace the job row,
 * delete the stored line errors of {@code replacedSeverities}, append {@code appendedLineErrors}, record
 * {@code recordedChunk}.
 *
 * @param job                the new row, or {@code null} to leave the job untouched (and ignore the rest)
 * @param replacedSeverities the severities whose stored line errors are deleted first
 * @param appendedLineErrors line errors to add after the stored ones
 * @param recordedChunk      a chunk index to mark as recorded, or {@code null}
 * @param result             what the modification answers its caller
 */
public record Modification<R>(ImportJob job, Set<Severity> replacedSeverities, List<LineError> appendedLineErrors,
        Integer recordedChunk, R result) {

    public Modification {
        replacedSeverities = Set.copyOf(replacedSeverities);
        appendedLineErrors = List.copyOf(appendedLineErrors);
    }

    /** Nothing to write. */
    public static <R> Modification<R> unchanged(R result) {
        return new Modification<>(null, Set.of(), List.of(), null, result);
    }

    /** Only a new row. */
    public static <R> Modification<R> write(ImportJob job, R result) {
        return new Modification<>(job, Set.of(), List.of(), null, result);
    }

    public boolean changesJob() {
        return job != null;
    }
}
