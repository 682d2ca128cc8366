package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's statements do not depend on how the driver sends them: with {@code reWriteBatchedInserts=true}
 * (which CockroachDB's guides recommend) the driver turns a batch of one-row inserts into one statement, in
 * which every row would read the same highest line number; the store's line errors must still be numbered
 * one after another, in order.
 */
class DriverBatchRewriteTest {

    @Test
    void lineErrorsOfChunksAreStoredInOrderWithTheDriverRewritingBatches() {
        TestDatabase database = TestPostgres.server().newDatabase();
        String url = database.url() + (database.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (PostgresJobStore store = PostgresJobStore.builder(url).user(database.user()).password(database.password())
                .open()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("u").fileName("f.csv")
                    .build())).job().id();
            List<Long> sent = new ArrayList<>();
            int[] perChunk = {45, 1, 7};
            for (int chunk = 0; chunk < perChunk.length; chunk++) {
                List<LineError> errors = new ArrayList<>();
                for (int k = 0; k < perChunk[chunk]; k++) {
                    long line = chunk * 1000L + k;
                    errors.add(new LineError(line, Severity.ERROR, "price", "E_NUMBER", "price must be a number", "x"));
                    sent.add(line);
                }
                jobs.recordChunk(RecordChunkCommand.builder("org_1", id).chunkIndex(chunk).rows(100)
                        .successCount(100L - errors.size()).insertCount(100L - errors.size()).updateCount(0L)
                        .skipCount(0L).warningCount(0L).errorCount((long) errors.size()).errors(errors).build());
            }

            List<Long> stored = jobs.listLineErrors(ListLineErrorsQuery.parse("org_1", id, "1", "100", null)).items()
                    .stream().map(LineError::line).toList();
            assertEquals(sent, stored, "every line, once, in the order sent");
        }
    }
}
