package dev.importjobs.bench;

import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every competitor on SQLite files with the same durability settings ({@link Sqlite}): chunk databases fresh
 * under {@code bench/target/datasets/} and deleted on close, listings on the shared datasets.
 */
final class SqliteCompetitors implements Competitors {
    private final List<Path> made = new ArrayList<>();

    @Override
    public ChunkRecorder<?> chunks(Competitor competitor, int lineErrors) throws Exception {
        Path file = Datasets.directory().resolve("chunks-" + competitor.parameter() + "-" + ProcessHandle.current().pid()
                + "-" + made.size() + ".db");
        Datasets.deleteDatabase(file);
        made.add(file);
        return switch (competitor) {
            case IMPORTJOBS -> new ImportJobsChunks(SqliteJobStore.open(file), lineErrors);
            case RAW_JDBC -> new RawJdbcChunks(file, lineErrors);
            case SPRING_BATCH -> new SpringBatchChunks(SpringBatchDatabase.forChunks(file), lineErrors);
        };
    }

    @Override
    public Listing listing(Competitor competitor, int dbJobs, String organization, int depth) throws Exception {
        return switch (competitor) {
            case IMPORTJOBS -> new ImportJobsListing(SqliteJobStore.open(ImportJobsDataset.get(dbJobs)), organization, depth);
            case RAW_JDBC -> new RawJdbcListing(Sqlite.open(ImportJobsDataset.get(dbJobs), Sqlite.durable(false)),
                    organization, depth);
            case SPRING_BATCH -> new SpringBatchListing(SpringBatchDatabase.open(SpringBatchDataset.get(dbJobs), 4, false),
                    organization, depth);
        };
    }

    @Override
    public void close() {
        made.forEach(Datasets::deleteDatabase);
        made.clear();
    }
}
