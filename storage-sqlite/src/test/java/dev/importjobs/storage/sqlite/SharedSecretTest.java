package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Page;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.ListJobsQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keeps the key that signs cursors in the file (docs/model.md#listing-and-pages): a cursor made
 * before a restart is accepted after it, and one made through one store is accepted by another store open
 * on the same file at the same time, as a second server process would be.
 */
class SharedSecretTest {
    private static final String ORG = "org_123";

    @TempDir
    Path dir;

    @Test
    void theSecretOutlivesTheStoreAndIsSharedByEveryStoreOnTheFile() {
        Path file = dir.resolve("jobs.db");
        byte[] made;
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            made = store.sharedSecret("cursor-signing-key", 32);
        }
        try (SqliteJobStore reopened = SqliteJobStore.open(file); SqliteJobStore second = SqliteJobStore.open(file)) {
            assertArrayEquals(made, reopened.sharedSecret("cursor-signing-key", 32));
            assertArrayEquals(made, second.sharedSecret("cursor-signing-key", 32));
        }
    }

    @Test
    void aCursorWorksAfterARestartAndOnAnotherStoreOverTheSameFile() {
        Path file = dir.resolve("jobs.db");
        String cursor;
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            for (int i = 0; i < 3; i++) {
                jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u").fileName("f" + i).build()));
            }
            cursor = jobs.list(new ListJobsQuery(ORG, 1L, 2, Sort.DEFAULT, JobFilter.ALL, null)).nextCursor();
        }
        try (SqliteJobStore restarted = SqliteJobStore.open(file); SqliteJobStore other = SqliteJobStore.open(file)) {
            for (SqliteJobStore store : new SqliteJobStore[] {restarted, other}) {
                Page<ImportJob> next = ImportJobs.builder(store).build()
                        .list(new ListJobsQuery(ORG, null, 2, Sort.DEFAULT, JobFilter.ALL, cursor));
                assertEquals(1, next.items().size());
                assertEquals("f0", next.items().get(0).file().originalName());
            }
        }
    }
}
