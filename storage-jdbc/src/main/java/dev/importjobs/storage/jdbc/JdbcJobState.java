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
     * The highest chunk index recorded for the job, when known without a query ({@link ChunkAnswers#highestChunk}),
     * else {@code null}: every index above it is unrecorded.
     */
    private final Integer highestRecorded;
    /** An index known to be unrecorded from {@link #isChunkRecorded}'s read, or -1. */
    private int unrecordedAfter = -1;
    /** The index from which {@link #isChunkRecorded}'s read found no chunk recorded, or -1. */
    private int noneRecordedFrom = -1;

    /** @param highestRecorded the highest chunk index recorded for the row's job, when known; else {@code null} */
    JdbcJobState(Statements statements, JobRows.Row row, Integer highestRecorded) {
        this.statements = statements;
        this.row = row;
        this.highestRecorded = highestRecorded;
    }

    /**
     * The highest chunk index recorded once {@code recorded} is (the chunk this state's modification records), when
     * known: from what was known before, or from a read that found no chunk at or above it. {@code null} otherwise
     * (a chunk arriving below others that are recorded leaves the highest unknown until the next such read).
     */
    Integer highestRecordedWith(int recorded) {
        if (highestRecorded != null) {
            return Math.max(highestRecorded, recorded);
        }
        return noneRecordedFrom >= 0 && recorded >= noneRecordedFrom ? recorded : null;
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
        if (highestRecorded != null && chunkIndex > highestRecorded) {
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
                    noneRecordedFrom = chunkIndex;
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
        if (from == unrecordedAfter || highestRecorded != null && from > highestRecorded) {
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
