package dev.importjobs.bench;

import dev.importjobs.core.model.LineError;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The floor: the least JDBC that records a chunk durably and exactly once on our schema. In one
 * {@code IMMEDIATE} transaction: insert the chunk index (a retry inserts nothing and stops there), one
 * {@code UPDATE jobs SET counters = counters + ?}, and the chunk's line errors. No status rules, no
 * overflow or total checks, no reading the job back; statements prepared once on one connection, which
 * writers share under a lock (SQLite has one writer anyway, and this keeps them out of its busy handler).
 * Each chunk commits alone. Chunks of one job serialise on the update of the job's row, as they would on any
 * database (a row lock where there is one); the resume point is the highest index recorded ({@code MAX}),
 * so chunks arriving out of order from several workers never move it back.
 */
final class RawJdbcChunks implements ChunkRecorder<Long> {
    static final String INSERT_JOB = "INSERT INTO jobs (id, organization_id, status, action, created_by_id, "
            + "file_name, create_fingerprint, processed_rows, success_count, insert_count, update_count, skip_count, "
            + "warning_count, error_count, error_report_truncated, created_at, updated_at, version) "
            + "VALUES (?, ?, 'inProgress', 'import-items', 'bench', 'items.csv', '', 0, 0, 0, 0, 0, 0, 0, 0, ?, ?, 1)";
    static final String INSERT_CHUNK = "INSERT INTO job_chunks (job_seq, chunk_index) VALUES (?, ?) ON CONFLICT DO NOTHING";
    static final String INSERT_LINE_ERROR = "INSERT INTO line_errors (job_seq, seq, severity, line, "
            + "column_name, code, message, value) VALUES (?, "
            + "(SELECT COALESCE(MAX(seq), 0) + 1 FROM line_errors WHERE job_seq = ?), ?, ?, ?, ?, ?, ?)";
    static final String READ_TOTALS = "SELECT processed_rows, error_count, "
            + "(SELECT COUNT(*) FROM line_errors WHERE job_seq = jobs.seq) FROM jobs WHERE seq = ?";

    /** The counters' update; {@code greatest} is the database's larger-of-two function ({@code MAX}, {@code GREATEST}). */
    static String addCounts(String greatest) {
        return "UPDATE jobs SET processed_rows = processed_rows + ?, "
                + "success_count = success_count + ?, insert_count = insert_count + ?, update_count = update_count + ?, "
                + "error_count = error_count + ?, line_error_count = line_error_count + ?, last_processed_chunk_index = "
                + greatest + "(COALESCE(last_processed_chunk_index, -1), ?), updated_at = ?, version = version + 1 "
                + "WHERE seq = ?";
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final Statement transaction;
    private final PreparedStatement insertJob;
    private final PreparedStatement insertChunk;
    private final PreparedStatement addCounts;
    private final PreparedStatement insertLineError;
    private final PreparedStatement readTotals;
    private final int lineErrors;
    private int jobNumber;

    RawJdbcChunks(Path database, int lineErrors) throws SQLException {
        SqliteJobStore.open(database).close(); // our schema, as the store makes it
        this.connection = Sqlite.open(database, Sqlite.durable(false));
        this.lineErrors = lineErrors;
        transaction = connection.createStatement();
        insertJob = connection.prepareStatement(INSERT_JOB, Statement.RETURN_GENERATED_KEYS);
        insertChunk = connection.prepareStatement(INSERT_CHUNK);
        addCounts = connection.prepareStatement(addCounts("MAX"));
        insertLineError = connection.prepareStatement(INSERT_LINE_ERROR);
        readTotals = connection.prepareStatement(READ_TOTALS);
    }

    @Override
    public Long newJob() throws SQLException {
        long seq;
        lock.lock();
        try {
            seq = insertJob(insertJob, ++jobNumber);
        } finally {
            lock.unlock();
        }
        record(seq, 0);
        return seq;
    }

    @Override
    public Object record(Long job, int index) throws SQLException {
        return write(job, index);
    }

    @Override
    public Object retry(Long job) throws SQLException {
        return write(job, 0);
    }

    /** Whether the chunk was applied (false: a retry). */
    private boolean write(long job, int index) throws SQLException {
        lock.lock();
        try {
            transaction.execute("BEGIN IMMEDIATE");
            try {
                boolean applied = apply(insertChunk, addCounts, insertLineError, job, index, lineErrors);
                transaction.execute("COMMIT");
                return applied;
            } catch (SQLException | RuntimeException e) {
                transaction.execute("ROLLBACK");
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Totals totals(Long job) throws SQLException {
        lock.lock();
        try {
            return totals(readTotals, job);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** Inserts job number {@code number} (the statement returning its seq) and returns its seq. */
    static long insertJob(PreparedStatement insertJob, int number) throws SQLException {
        long now = System.currentTimeMillis();
        insertJob.setString(1, String.format("%08x%016x", now / 1000, number));
        insertJob.setString(2, ORGANIZATION);
        insertJob.setLong(3, now);
        insertJob.setLong(4, now);
        insertJob.executeUpdate();
        try (ResultSet keys = insertJob.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    /**
     * The chunk's writes, inside a transaction the caller opens and commits: the chunk index (a retry inserts
     * nothing and stops there), the counters, the line errors. Whether the chunk was applied.
     */
    static boolean apply(PreparedStatement insertChunk, PreparedStatement addCounts, PreparedStatement insertLineError,
            long job, int index, int lineErrors) throws SQLException {
        insertChunk.setLong(1, job);
        insertChunk.setInt(2, index);
        if (insertChunk.executeUpdate() != 1) {
            return false;
        }
        List<LineError> errors = lineErrors == 0 ? List.of() : ChunkRecorder.lineErrors(lineErrors, index);
        int p = 1;
        addCounts.setLong(p++, ROWS);
        addCounts.setLong(p++, ROWS - lineErrors);
        addCounts.setLong(p++, INSERTED);
        addCounts.setLong(p++, ROWS - INSERTED - lineErrors);
        addCounts.setLong(p++, lineErrors);
        addCounts.setLong(p++, errors.size());
        addCounts.setInt(p++, index);
        addCounts.setLong(p++, System.currentTimeMillis());
        addCounts.setLong(p, job);
        addCounts.executeUpdate();
        if (!errors.isEmpty()) {
            for (LineError line : errors) {
                insertLineError.setLong(1, job);
                insertLineError.setLong(2, job);
                insertLineError.setString(3, line.severity().wireName());
                insertLineError.setLong(4, line.line());
                insertLineError.setString(5, line.column());
                insertLineError.setString(6, line.code());
                insertLineError.setString(7, line.message());
                insertLineError.setString(8, line.value());
                insertLineError.addBatch();
            }
            insertLineError.executeBatch();
        }
        return true;
    }

    static Totals totals(PreparedStatement readTotals, long job) throws SQLException {
        readTotals.setLong(1, job);
        try (ResultSet rs = readTotals.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no job " + job);
            }
            return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }
}
