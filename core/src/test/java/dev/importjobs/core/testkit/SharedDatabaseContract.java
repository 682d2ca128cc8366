package dev.importjobs.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.core.spi.JobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores over one database, standing for two processes or nodes: a store writes the next change of a job it
 * wrote last from the state it kept, and the row's version decides whether that state is still the job's
 * (docs/storage.md#writes-from-the-known-state). Run by every store that several processes may share.
 */
public abstract class SharedDatabaseContract {
    private static final String ORG = "org_shared";
    private static final long ROWS = 500;

    @TempDir
    protected Path directory;

    private JobStore first;
    private JobStore second;
    private ImportJobs one;
    private ImportJobs two;
    private String id;

    /** A new store over the test's database: each call within one test opens another over the same database. */
    protected abstract JobStore openStore(Path directory);

    @BeforeEach
    void openTwoStores() {
        first = openStore(directory);
        second = openStore(directory);
        one = ImportJobs.builder(first).build();
        two = ImportJobs.builder(second).build();
        id = one.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv").build()))
                .job().id();
    }

    @AfterEach
    void closeStores() {
        try (JobStore a = first; JobStore b = second) {
            // closed in reverse order
        }
    }

    /** A store's kept state of the job is behind another store's chunk: its next chunk still adds to all of them. */
    @Test
    void aChunkAfterAnotherStoresChunkCountsOnTopOfIt() {
        List<ImportJob> answers = new ArrayList<>();
        answers.add(one.recordChunk(chunk(0)).job());
        answers.add(one.recordChunk(chunk(1)).job());
        answers.add(two.recordChunk(chunk(2)).job());
        answers.add(one.recordChunk(chunk(3)).job());
        answers.add(one.recordChunk(chunk(4)).job());

        for (int chunk = 0; chunk < answers.size(); chunk++) {
            ImportJob answer = answers.get(chunk);
            assertEquals((chunk + 1) * ROWS, answer.counters().processedRows(), "after chunk " + chunk);
            assertEquals(chunk, answer.lastProcessedChunkIndex(), "after chunk " + chunk);
            assertEquals(answers.get(0).version() + chunk, answer.version(), "after chunk " + chunk);
            assertEquals(chunk + 1, answer.errorReport().size(), "after chunk " + chunk);
        }
        ImportJob now = two.get(new JobRef(ORG, id));
        assertEquals(5 * ROWS, now.counters().processedRows());
        assertEquals(4, now.lastProcessedChunkIndex());
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(),
                now.errorReport().stream().map(LineError::line).toList(), "every chunk's line, in order");
        assertFalse(one.recordChunk(chunk(2)).applied(), "the other store's chunk is recorded");
    }

    /**
     * Another store cancels the job after this one's chunks: the kept state would take the next chunk, the job as
     * it is refuses it, and nothing of it is written.
     */
    @Test
    void aChunkTheKeptStateWouldTakeIsRefusedWhenTheJobWasCancelledElsewhere() {
        one.recordChunk(chunk(0));
        one.recordChunk(chunk(1));
        two.update(new UpdateJobCommand(ORG, id, JobFields.builder().status(JobStatus.CANCELLED).build(), null));

        ImportJobsException refused = assertThrows(ImportJobsException.class, () -> one.recordChunk(chunk(2)));
        ImportJobsException alsoRefused = assertThrows(ImportJobsException.class, () -> two.recordChunk(chunk(2)));
        assertEquals(alsoRefused.code(), refused.code());
        assertEquals(ErrorCode.JOB_NOT_WRITABLE, refused.code(), refused.getMessage());
        // The refused write gave its turn back: the store's next write of the job runs, and is refused too.
        ImportJobsException again = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImportJobsException.class, () -> one.recordChunk(chunk(3))));
        assertEquals(ErrorCode.JOB_NOT_WRITABLE, again.code(), again.getMessage());

        ImportJob now = one.get(new JobRef(ORG, id));
        assertEquals(JobStatus.CANCELLED, now.status());
        assertEquals(2 * ROWS, now.counters().processedRows());
        assertEquals(1, now.lastProcessedChunkIndex());
        assertEquals(List.of(1L, 2L), now.errorReport().stream().map(LineError::line).toList());
    }

    /** Chunk {@code index} of {@link #ROWS} rows, with one error at line {@code index + 1}. */
    private RecordChunkCommand chunk(int index) {
        return RecordChunkCommand.builder(ORG, id).chunkIndex(index).rows(ROWS).successCount(ROWS - 1).errorCount(1L)
                .errors(List.of(new LineError(index + 1L, Severity.ERROR, "sku", "invalid", "bad sku", "x"))).build();
    }
}
