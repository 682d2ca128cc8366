package dev.importjobs.bench;

import dev.importjobs.storage.postgres.PostgresJobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every competitor on the embedded PostgreSQL ({@link Postgres}), with the same server and settings: a fresh
 * database per chunk trial, dropped on close, and the listing datasets as databases of their own. Each chunk
 * competitor gets a pool of {@value #WRITERS} connections, one per thread of the busiest variant, so none of
 * them queues for a connection; each listing competitor a pool of {@value #READERS}.
 */
final class PostgresCompetitors implements Competitors {
    static final int WRITERS = 16;
    static final int READERS = 4;

    private final List<String> made = new ArrayList<>();

    @Override
    public ChunkRecorder<?> chunks(Competitor competitor, int lineErrors) throws SQLException {
        String database = ("chunks_" + competitor.parameter() + "_" + ProcessHandle.current().pid() + "_" + made.size())
                .toLowerCase(Locale.ROOT);
        Postgres.create(database);
        made.add(database);
        return switch (competitor) {
            case IMPORTJOBS -> new ImportJobsChunks(PostgresJobStore.builder(Postgres.url(database)).poolSize(WRITERS)
                    .open(), lineErrors);
            case RAW_JDBC -> new PostgresRawJdbcChunks(database, WRITERS, lineErrors);
            case SPRING_BATCH -> new SpringBatchChunks(springBatch(database, WRITERS, true), lineErrors);
        };
    }

    @Override
    public Listing listing(Competitor competitor, int dbJobs, String organization, int depth) throws Exception {
        return switch (competitor) {
            case IMPORTJOBS -> new ImportJobsListing(PostgresJobStore.builder(Postgres.url(
                    ImportJobsDataset.onPostgres(dbJobs))).poolSize(READERS).open(), organization, depth);
            case RAW_JDBC -> new RawJdbcListing(Postgres.connect(ImportJobsDataset.onPostgres(dbJobs)), organization,
                    depth);
            case SPRING_BATCH -> new SpringBatchListing(springBatch(SpringBatchDataset.onPostgres(dbJobs), READERS, false),
                    organization, depth);
        };
    }

    /** Spring Batch on {@code database}, on its shipped schema-postgresql.sql, made first when {@code fresh}. */
    private static SpringBatchDatabase springBatch(String database, int poolSize, boolean fresh) throws SQLException {
        if (fresh) {
            try (Connection c = Postgres.connect(database)) {
                SpringBatchDatabase.createSchema(c, SpringBatchDatabase.Flavor.POSTGRES);
            }
        }
        return SpringBatchDatabase.on(Postgres.pool(database, poolSize, true), SpringBatchDatabase.Flavor.POSTGRES);
    }

    @Override
    public void close() {
        try {
            for (String database : made) {
                Postgres.drop(database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the chunk databases " + made, e);
        } finally {
            made.clear();
        }
    }
}
