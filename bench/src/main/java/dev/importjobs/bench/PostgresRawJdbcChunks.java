package dev.importjobs.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.storage.postgres.PostgresJobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor on PostgreSQL: the same writes as {@link RawJdbcChunks}, on our schema, each chunk committed alone
 * in a {@code READ COMMITTED} transaction of a pooled connection (the driver keeps each connection's statements
 * prepared). Chunks of one job queue on the row lock of the job's {@code UPDATE}; different jobs' run in
 * parallel. The resume point is the highest index recorded ({@code GREATEST}).
 */
final class PostgresRawJdbcChunks implements ChunkRecorder<Long> {
    private final HikariDataSource pool;
    private final int lineErrors;
    private final AtomicInteger jobNumber = new AtomicInteger();

    /** Records in {@code database}, fresh and empty, through a pool of {@code poolSize} connections. */
    PostgresRawJdbcChunks(String database, int poolSize, int lineErrors) {
        PostgresJobStore.builder(Postgres.url(database)).poolSize(1).open().close(); // our schema, as the store makes it
        this.pool = Postgres.pool(database, poolSize, false);
        this.lineErrors = lineErrors;
    }

    @Override
    public Long newJob() throws SQLException {
        long seq;
        try (Connection c = pool.getConnection();
                PreparedStatement insert = c.prepareStatement(RawJdbcChunks.INSERT_JOB, new String[] {"seq"})) {
            seq = RawJdbcChunks.insertJob(insert, jobNumber.incrementAndGet());
            c.commit();
        }
        write(seq, 0);
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
        try (Connection c = pool.getConnection();
                PreparedStatement insertChunk = c.prepareStatement(RawJdbcChunks.INSERT_CHUNK);
                PreparedStatement addCounts = c.prepareStatement(RawJdbcChunks.addCounts("GREATEST"));
                PreparedStatement insertLineError = c.prepareStatement(RawJdbcChunks.INSERT_LINE_ERROR)) {
            try {
                boolean applied = RawJdbcChunks.apply(insertChunk, addCounts, insertLineError, job, index, lineErrors);
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public Totals totals(Long job) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement read = c.prepareStatement(RawJdbcChunks.READ_TOTALS)) {
            Totals totals = RawJdbcChunks.totals(read, job);
            c.commit();
            return totals;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
