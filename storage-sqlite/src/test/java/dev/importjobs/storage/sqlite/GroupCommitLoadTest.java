package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListLineErrorsQuery;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 24 threads at once through the use cases, so that their writes share batches (docs/storage.md#group-commit):
 * chunks, each sent by two threads (one applies it, the other retries it); creates sharing idempotency keys;
 * versioned updates of one job; and writes that must fail — a chunk for a completed job, a chunk past a job's
 * total, an update taking a key another job holds (refused by the database's unique index, inside the batch).
 * Every total is exact, every failing write changed nothing, and each caller got its own answer: its job, its
 * own summary, its own key, its own error.
 */
class GroupCommitLoadTest {
    private static final String ORG = "org_batches";
    private static final int THREADS = 24;
    private static final int SENDERS_PER_CHUNK = 2;
    private static final int CHUNKED_JOBS = 3;
    private static final int STEPS = 36;
    private static final int CREATE_KEYS = 5;
    private static final int UPDATES = 8;
    private static final long CAPPED_TOTAL = 100;

    @TempDir
    Path dir;

    @Test
    void everyCallerGetsItsOwnOutcomeAndEveryTotalIsExact() throws Exception {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("batches.db"))) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            List<String> chunked = new ArrayList<>();
            for (int j = 0; j < CHUNKED_JOBS; j++) {
                chunked.add(create(jobs, "chunked-" + j, null, null).id());
            }
            String cappedId = create(jobs, "capped", null, CAPPED_TOTAL).id();
            jobs.recordChunk(RecordChunkCommand.of(ORG, cappedId, 0, CAPPED_TOTAL - 1));
            ImportJob capped = jobs.get(ref(cappedId));
            String doneId = create(jobs, "done", null, null).id();
            jobs.update(new UpdateJobCommand(ORG, doneId, JobFields.builder().status(JobStatus.IN_PROGRESS).build(), null));
            ImportJob done = jobs.update(new UpdateJobCommand(ORG, doneId,
                    JobFields.builder().status(JobStatus.COMPLETED).build(), null));
            String holder = create(jobs, "holder", "taken", null).id();
            String versioned = create(jobs, "versioned", null, null).id();
            List<ImportJob> own = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                own.add(create(jobs, "own-" + t, null, null));
            }

            AtomicInteger applied = new AtomicInteger();
            AtomicInteger retried = new AtomicInteger();
            AtomicInteger updateWins = new AtomicInteger();
            AtomicInteger updateConflicts = new AtomicInteger();
            AtomicInteger refusedChunks = new AtomicInteger();
            AtomicInteger refusedKeys = new AtomicInteger();
            Set<String> keyedIds = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                String mine = own.get(t).id();
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int step = 0; step < STEPS; step++) {
                        if (step % (THREADS / SENDERS_PER_CHUNK) == thread % (THREADS / SENDERS_PER_CHUNK)) {
                            for (String id : chunked) {
                                ChunkResult result = jobs.recordChunk(chunk(id, step));
                                assertEquals(id, result.job().id(), "the answer is about the caller's job");
                                assertTrue(result.job().counters().processedRows() >= step + 1L);
                                (result.applied() ? applied : retried).incrementAndGet();
                            }
                        }
                        if (step < CREATE_KEYS) {
                            ImportJob keyed = create(jobs, "same", "key-" + step, null);
                            assertEquals("key-" + step, keyed.idempotencyKey());
                            keyedIds.add(keyed.id());
                        }
                        if (step < UPDATES) {
                            long seen = jobs.get(ref(versioned)).version();
                            String summary = "thread " + thread + " step " + step;
                            try {
                                ImportJob won = jobs.update(new UpdateJobCommand(ORG, versioned,
                                        JobFields.builder().summary(summary).build(), seen));
                                assertEquals(summary, won.summary());
                                assertEquals(seen + 1, won.version());
                                updateWins.incrementAndGet();
                            } catch (ImportJobsException e) {
                                assertEquals(ErrorCode.VERSION_CONFLICT, e.code(), e.getMessage());
                                updateConflicts.incrementAndGet();
                            }
                        }
                        int index = 1000 * (thread + 1) + step;
                        ImportJobsException finished = assertThrows(ImportJobsException.class,
                                () -> jobs.recordChunk(RecordChunkCommand.of(ORG, doneId, index, 1)));
                        assertEquals(ErrorCode.JOB_NOT_WRITABLE, finished.code());
                        assertTrue(finished.getMessage().contains("completed"), finished.getMessage());
                        long past = 2 + thread;
                        ImportJobsException over = assertThrows(ImportJobsException.class,
                                () -> jobs.recordChunk(RecordChunkCommand.of(ORG, cappedId, index, past)));
                        assertEquals(ErrorCode.JOB_NOT_WRITABLE, over.code());
                        assertTrue(over.getMessage().contains("processedRows (" + (CAPPED_TOTAL - 1 + past) + ")"),
                                over.getMessage());
                        refusedChunks.addAndGet(2);
                        ImportJobsException stolen = assertThrows(ImportJobsException.class,
                                () -> jobs.update(new UpdateJobCommand(ORG, mine, JobFields.builder()
                                        .summary("stolen by " + thread).idempotencyKey("taken").build(), null)));
                        assertEquals(ErrorCode.IDEMPOTENCY_CONFLICT, stolen.code());
                        assertTrue(stolen.getMessage().contains("'taken'"), stolen.getMessage());
                        refusedKeys.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertEquals(CHUNKED_JOBS * STEPS, applied.get(), "each chunk applied once");
            assertEquals(CHUNKED_JOBS * STEPS * (SENDERS_PER_CHUNK - 1), retried.get());
            long rows = (long) STEPS * (STEPS + 1) / 2;
            for (String id : chunked) {
                ImportJob job = jobs.get(ref(id));
                assertEquals(rows, job.counters().processedRows(), id);
                assertEquals(STEPS, job.counters().errorCount());
                assertEquals(STEPS - 1, job.lastProcessedChunkIndex());
                assertEquals(1L + STEPS, job.version());
                assertEquals(STEPS, jobs.listLineErrors(ListLineErrorsQuery.parse(ORG, id, "1", "1", null)).totalDocs());
            }
            assertEquals(CREATE_KEYS, keyedIds.size());
            assertEquals(THREADS * UPDATES, updateWins.get() + updateConflicts.get());
            assertEquals(1L + updateWins.get(), jobs.get(ref(versioned)).version());
            assertEquals(2 * THREADS * STEPS, refusedChunks.get());
            assertEquals(THREADS * STEPS, refusedKeys.get());
            assertEquals(done, jobs.get(ref(doneId)), "the refused chunks changed nothing");
            assertEquals(capped, jobs.get(ref(cappedId)));
            assertEquals("taken", jobs.get(ref(holder)).idempotencyKey());
            for (ImportJob job : own) {
                assertEquals(job, jobs.get(ref(job.id())), "the refused update changed nothing");
            }
        }
    }

    private static RecordChunkCommand chunk(String id, int index) {
        return RecordChunkCommand.builder(ORG, id).chunkIndex(index).rows(index + 1L).successCount((long) index)
                .errorCount(1L).errors(List.of(LineError.error(index * 10L + 1, "bad cell in chunk " + index))).build();
    }

    private static ImportJob create(ImportJobs jobs, String file, String key, Long totalRows) {
        return jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("user_1").fileName(file + ".csv")
                .idempotencyKey(key).totalRows(totalRows).build())).job();
    }

    private static JobRef ref(String id) {
        return new JobRef(ORG, id);
    }
}
