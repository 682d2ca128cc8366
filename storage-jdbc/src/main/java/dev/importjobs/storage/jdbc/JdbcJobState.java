package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.JobState;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.Modification;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/** What a modification may ask about a job, answered inside the open write transaction. */
final class JdbcJobState implements JobState {
    private final Statements statements;
    private final JobRows.Row row;
    /**
     * An index no recorded chunk of the job is above, when known ({@code null} otherwise): from the answer kept
     * for the version read ({@link KeptJobs#recordedAtMost}), or from {@link #isChunkRecorded}'s read finding
     * nothing at or above its index. Every chunk above it is new.
     */
    private Integer recordedAtMost;
    /** An index known to be unrecorded from {@link #isChunkRecorded}'s read, or -1. */
    private int unrecordedAfter = -1;

    /** @param recordedAtMost an index no recorded chunk of the row's job is above, when known; else {@code null} */
    JdbcJobState(Statements statements, JobRows.Row row, Integer recordedAtMost) {
        this.statements = statements;
        this.row = row;
        this.recordedAtMost = recordedAtMost;
    }

    /** An index no recorded chunk of the job is above, when known; {@code null} otherwise. */
    Integer recordedAtMost() {
        return recordedAtMost;
    }

    /**
     * An index no recorded chunk is above once {@code recorded} is (the chunk this state's modification records),
     * when known; {@code null} otherwise (a chunk arriving below others that are recorded, read without anything
     * known before, leaves it unknown until the next such read).
     */
    Integer recordedAtMostWith(int recorded) {
        return recordedAtMost == null ? null : Math.max(recordedAtMost, recorded);
    }

    /**
     * Runs core's modification on this state. A query that failed under it leaves as the
     * {@link SQLException} it was, so the store's {@link Transactions} classify it like any other (and
     * may retry a lost serialization conflict).
     */
    <R> Modification<R> run(JobModification<R> modification) throws SQLException {
        try {
            return modification.apply(this);
        } catch (QueryFailed e) {
            throw (SQLException) e.getCause();
        }
    }

    @Override
    public ImportJob job() {
        return row.job();
    }

    /**
     * Reads the first recorded index at or after {@code chunkIndex}. When the chunk is new and that index is
     * not {@code chunkIndex + 1} either — a chunk arriving in order — the resume point's walk from
     * {@code chunkIndex + 1} is answered from this read, without a query of its own.
     */
    @Override
    public boolean isChunkRecorded(int chunkIndex) {
        if (recordedAtMost != null && chunkIndex > recordedAtMost) {
            return false; // a chunk after every recorded one, as chunks of a job in order come: no read
        }
        try {
            PreparedStatement statement = statements.prepare("SELECT chunk_index FROM job_chunks "
                    + "WHERE job_seq = ? AND chunk_index >= ? ORDER BY chunk_index LIMIT 1");
            statement.setLong(1, row.seq());
            statement.setInt(2, chunkIndex);
            try (ResultSet rs = statement.executeQuery()) {
                int first = rs.next() ? rs.getInt(1) : -1;
                if (first == chunkIndex) {
                    return true;
                }
                if (first == -1) {
                    recordedAtMost = chunkIndex - 1;
                }
                if (first != chunkIndex + 1) {
                    unrecordedAfter = chunkIndex + 1;
                }
                return false;
            }
        } catch (SQLException e) {
            throw new QueryFailed(e);
        }
    }

    /** Walks the recorded indexes from {@code from} until the first gap: only out-of-order chunks are read. */
    @Override
    public int firstUnrecordedChunk(int from) {
        if (from == unrecordedAfter || recordedAtMost != null && from > recordedAtMost) {
            return from;
        }
        try {
            PreparedStatement statement = statements.prepare(
                    "SELECT chunk_index FROM job_chunks WHERE job_seq = ? AND chunk_index >= ? ORDER BY chunk_index");
            statement.setLong(1, row.seq());
            statement.setInt(2, from);
            int next = from;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next() && rs.getInt(1) == next) {
                    next++;
                }
            }
            return next;
        } catch (SQLException e) {
            throw new QueryFailed(e);
        }
    }

    @Override
    public long lineErrorCount(Set<Severity> severities) {
        if (severities.isEmpty()) {
            return row.lineErrorCount();
        }
        try {
            return LineErrorRows.count(statements, row.seq(), severities);
        } catch (SQLException e) {
            throw new QueryFailed(e);
        }
    }

    /** Carries a failed query through core's modification, which declares no checked exception. */
    private static final class QueryFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QueryFailed(SQLException cause) {
            super(cause);
        }
    }
}
