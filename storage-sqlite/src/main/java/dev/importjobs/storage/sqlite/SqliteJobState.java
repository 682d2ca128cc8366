package dev.importjobs.storage.sqlite;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.port.JobState;
import dev.importjobs.core.port.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/** What a modification may ask about a job, answered inside the open write transaction. */
final class SqliteJobState implements JobState {
    private final Statements statements;
    private final JobRows.Row row;

    SqliteJobState(Statements statements, JobRows.Row row) {
        this.statements = statements;
        this.row = row;
    }

    @Override
    public ImportJob job() {
        return row.job();
    }

    @Override
    public boolean isChunkRecorded(int chunkIndex) {
        try {
            PreparedStatement statement = statements.prepare(
                    "SELECT 1 FROM job_chunks WHERE job_seq = ? AND chunk_index = ?");
            statement.setLong(1, row.seq());
            statement.setInt(2, chunkIndex);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("reading chunk records failed", e);
        }
    }

    /** Walks the recorded indexes from {@code from} until the first gap: only out-of-order chunks are read. */
    @Override
    public int firstUnrecordedChunk(int from) {
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
            throw new StoreException("reading chunk records failed", e);
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
            throw new StoreException("counting line errors failed", e);
        }
    }
}
