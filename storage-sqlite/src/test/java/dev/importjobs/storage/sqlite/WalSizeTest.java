package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that keeps a snapshot open (another process, a backup) stops SQLite from checkpointing, so
 * the WAL grows with every write meanwhile. Once the reader is gone and writes go on, the store cuts the
 * WAL back under {@link SqliteJobStore#JOURNAL_SIZE_LIMIT} (docs/storage.md#concurrency); without the
 * limit SQLite would reuse the grown file but never shrink it.
 */
class WalSizeTest {
    private static final String ORG = "org_wal";
    private static final long GROWN = 3L * SqliteJobStore.JOURNAL_SIZE_LIMIT;
    private static final int LINES_PER_CHUNK = 200;

    @TempDir
    Path dir;

    @Test
    void theWalGrownBesideALongReaderShrinksOnceItIsGoneAndWritesGoOn() throws Exception {
        Path file = dir.resolve("wal.db");
        Path wal = dir.resolve("wal.db-wal");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            ImportJobs jobs = ImportJobs.builder(store).maxErrorsPerJob(Integer.MAX_VALUE).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u").fileName("a.csv")
                    .build())).job().id();
            int chunk = 0;
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = reader.createStatement()) {
                statement.execute("BEGIN");
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM jobs")) {
                    rs.next(); // the snapshot is taken: from here the WAL cannot be checkpointed past it
                }
                while (Files.size(wal) < GROWN) {
                    record(jobs, id, chunk++);
                    assertTrue(chunk < 1000, "the WAL did not grow beside the reader");
                }
                statement.execute("COMMIT");
            }
            long grown = Files.size(wal);

            for (int more = 0; more < 3; more++) {
                record(jobs, id, chunk++);
            }

            long after = Files.size(wal);
            assertTrue(after <= SqliteJobStore.JOURNAL_SIZE_LIMIT, "the WAL grew to " + grown + " bytes beside the "
                    + "reader and is " + after + " bytes three commits after it left");
        }
    }

    private static void record(ImportJobs jobs, String id, int chunk) {
        List<LineError> errors = new ArrayList<>();
        for (int i = 1; i <= LINES_PER_CHUNK; i++) {
            errors.add(LineError.error((long) chunk * LINES_PER_CHUNK + i, "m".repeat(400)));
        }
        jobs.recordChunk(RecordChunkCommand.builder(ORG, id).chunkIndex(chunk).rows((long) LINES_PER_CHUNK)
                .errorCount((long) LINES_PER_CHUNK).errors(errors).build());
    }
}
