package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobState;
import dev.importjobs.core.spi.Modification;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A job part-way through the writes of one turn that are worked out before any of them is sent
 * (docs/storage.md#one-jobs-writes-together): the state the turn started from, as stored, and what the writes
 * so far add to it — the job as they left it, the chunks they record and the lines they append. Core's rules
 * ask it what they would ask the stored job; it answers from the writes so far first, then from the database,
 * which holds none of them yet.
 */
final class TurnState implements JobState {
    private final JdbcJobState stored;
    private final long storedLineErrors;
    private final Set<Integer> chunks = new HashSet<>();
    private final List<Integer> chunksInOrder = new ArrayList<>();
    private final List<LineError> lines = new ArrayList<>();
    private ImportJob job;

    /** @param stored the state the turn starts from, as the database holds it */
    TurnState(JdbcJobState stored, JobRows.Row start) {
        this.stored = stored;
        this.storedLineErrors = start.lineErrorCount();
        this.job = start.job();
    }

    /**
     * Runs core's modification on the job as the writes so far left it. A query that failed under it leaves as
     * the {@link SQLException} it was, as from {@link JdbcJobState#run}.
     */
    <R> Modification<R> run(JobModification<R> modification) throws SQLException {
        return stored.run(ignored -> modification.apply(this));
    }

    /** Adds a write's outcome, which changes the job and replaces no line errors. */
    void add(Modification<?> outcome) {
        job = outcome.job();
        lines.addAll(outcome.appendedLineErrors());
        if (outcome.recordedChunk() != null) {
            chunks.add(outcome.recordedChunk());
            chunksInOrder.add(outcome.recordedChunk());
        }
    }

    /** How many line errors the job has after the writes so far. */
    long lineErrors() {
        return storedLineErrors + lines.size();
    }

    /** The lines the writes so far append, in order. */
    List<LineError> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The chunks the writes so far record, in order. */
    List<Integer> chunks() {
        return Collections.unmodifiableList(chunksInOrder);
    }

    /** An index no recorded chunk is above after the writes so far, when known; {@code null} otherwise. */
    Integer recordedAtMost() {
        Integer bound = stored.recordedAtMost();
        for (int chunk : chunksInOrder) {
            bound = bound == null ? null : Math.max(bound, chunk);
        }
        return bound;
    }

    @Override
    public ImportJob job() {
        return job;
    }

    @Override
    public boolean isChunkRecorded(int chunkIndex) {
        return chunks.contains(chunkIndex) || stored.isChunkRecorded(chunkIndex);
    }

    /** The stored walk and the writes' chunks together: the first index neither has. */
    @Override
    public int firstUnrecordedChunk(int from) {
        int next = stored.firstUnrecordedChunk(from);
        while (chunks.contains(next)) {
            next = stored.firstUnrecordedChunk(next + 1);
        }
        return next;
    }

    @Override
    public long lineErrorCount(Set<Severity> severities) {
        if (severities.isEmpty()) {
            return lineErrors();
        }
        return stored.lineErrorCount(severities)
                + lines.stream().filter(line -> severities.contains(line.severity())).count();
    }
}
