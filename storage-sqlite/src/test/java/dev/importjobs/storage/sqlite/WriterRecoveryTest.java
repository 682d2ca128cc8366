package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's writer refused by SQLite itself, then allowed again: the failed write is a
 * {@link StoreException} that wrote nothing, {@code ping} fails while writes do, and the next write after
 * succeeds. {@code PRAGMA query_only} on the writer's connection makes SQLite refuse every write with
 * {@code SQLITE_READONLY}, the way a read-only file does, and sqlite-jdbc finalizes the failed statements
 * as it does after an I/O error or a full disk. The store is put together from its parts
 * ({@link StoreParts}) to reach that connection.
 */
class WriterRecoveryTest {
    private static final String ORG = "org_recovery";

    @TempDir
    Path dir;

    @Test
    void aWriteSqliteRefusesFailsAsAStoreFailureAndTheWritesAfterItSucceed() throws SQLException {
        StoreParts parts = StoreParts.open(dir.resolve("recovery.db"), SqliteJobStore.Durability.POWER_LOSS);
        Connection writer = parts.writer();
        try (JdbcJobStore store = parts.store()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            JobRef job = new JobRef(ORG, jobs.create(new CreateJobCommand(ORG,
                    JobFields.builder().createdBy("u").fileName("a.csv").build())).job().id());
            assertTrue(jobs.recordChunk(RecordChunkCommand.of(ORG, job.jobId(), 0, 10)).applied());
            store.ping();

            execute(writer, "PRAGMA query_only = 1");
            assertThrows(StoreException.class, () -> jobs.recordChunk(RecordChunkCommand.of(ORG, job.jobId(), 1, 10)));
            assertThrows(StoreException.class, store::ping, "a store that cannot write is not healthy");
            assertEquals(10, jobs.get(job).counters().processedRows(), "reads go on; the failed write wrote nothing");
            execute(writer, "PRAGMA query_only = 0");

            store.ping();
            assertTrue(jobs.recordChunk(RecordChunkCommand.of(ORG, job.jobId(), 1, 10)).applied(),
                    "the chunk that failed was not recorded, and is now");
            assertTrue(jobs.recordChunk(RecordChunkCommand.of(ORG, job.jobId(), 2, 10)).applied());
            assertEquals(30, jobs.get(job).counters().processedRows());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
