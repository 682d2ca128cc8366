package dev.importjobs.core.spi;

/**
 * A pure decision about one job: given its current state, what to write and what to answer. Core
 * supplies these; a {@link JobStore} runs one inside a transaction and applies its {@link Modification}.
 * It may throw to refuse the change, in which case nothing is written.
 */
@FunctionalInterface
public interface JobModification<R> {
    Modification<R> apply(JobState current);
}
