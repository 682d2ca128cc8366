package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.ListJobsQuery;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads on one database file mixing every kind of write and read. Every total is exact; any
 * exception other than the version conflicts the test provokes fails it (a lock error included).
 */
class ConcurrentLoadTest {
    private static final String ORG = "org_load";
    private static final int THREADS = 16;
    private static final int JOBS = 4;
    private static final int CHUNKS_PER_JOB = 64;
    private static final int ROWS_PER_CHUNK = 10;
    private static final int CREATE_KEYS = 5;
    private static final int UPDATES_PER_THREAD = 10;

    @TempDir
    Path dir;

    @Test
    void mixedWritersAndReadersLoseNothingAndNeverSeeALockError() throws Exception {
        try (SqliteJobStore store = SqliteJobStore.builder(dir.resolve("load.db")).readPoolSize(4).open()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            List<String> chunked = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                chunked.add(create(jobs, "chunked-" + j, null).id());
            }
            String versioned = create(jobs, "versioned", null).id();

            AtomicLong appliedChunks = new AtomicLong();
            AtomicLong retriedChunks = new AtomicLong();
            AtomicInteger updateWins = new AtomicInteger();
            AtomicInteger updateConflicts = new AtomicInteger();
            Set<String> idempotentIds = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int step = 0; step < CHUNKS_PER_JOB; step++) {
                        // Every chunk index is recorded by two threads (t and t + 8): one applies, one retries.
                        int chunk = step;
                        if (chunk % (THREADS / 2) == thread % (THREADS / 2)) {
                            for (String id : chunked) {
                                boolean applied = jobs.recordChunk(RecordChunkCommand.builder(ORG, id)
                                        .chunkIndex(chunk).rows((long) ROWS_PER_CHUNK).successCount(7L)
                                        .insertCount(4L).updateCount(3L).skipCount(2L).warningCount(1L)
                                        .errorCount(1L)
                                        .errors(List.of(LineError.error(chunk * 10L + 1, "bad cell")))
                                        .build()).applied();
                                (applied ? appliedChunks : retriedChunks).incrementAndGet();
                            }
                        }
                        if (step < CREATE_KEYS) {
                            idempotentIds.add(create(jobs, "same", "key-" + step).id());
                        }
                        if (step < UPDATES_PER_THREAD) {
                            ImportJob seen = jobs.get(new JobRef(ORG, versioned));
                            try {
                                jobs.update(new UpdateJobCommand(ORG, versioned, JobFields.builder()
                                        .summary("thread " + thread + " step " + step).build(), seen.version()));
                                updateWins.incrementAndGet();
                            } catch (ImportJobsException e) {
                                if (e.code() != ErrorCode.VERSION_CONFLICT) {
                                    throw e;
                                }
                                updateConflicts.incrementAndGet();
                            }
                        }
                        var page = jobs.list(ListJobsQuery.firstPage(ORG));
                        assertTrue(page.totalDocs() >= JOBS + 1 && page.totalDocs() <= JOBS + 1 + CREATE_KEYS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertEquals((long) JOBS * CHUNKS_PER_JOB, appliedChunks.get());
            assertEquals((long) JOBS * CHUNKS_PER_JOB, retriedChunks.get());
            for (String id : chunked) {
                ImportJob job = jobs.get(new JobRef(ORG, id));
                assertEquals((long) CHUNKS_PER_JOB * ROWS_PER_CHUNK, job.counters().processedRows());
                assertEquals(CHUNKS_PER_JOB * 7L, job.counters().successCount());
                assertEquals(CHUNKS_PER_JOB * 4L, job.counters().insertCount());
                assertEquals(CHUNKS_PER_JOB * 3L, job.counters().updateCount());
                assertEquals(CHUNKS_PER_JOB * 2L, job.counters().skipCount());
                assertEquals(CHUNKS_PER_JOB - 1, job.lastProcessedChunkIndex());
                assertEquals(CHUNKS_PER_JOB, job.errorReport().size());
                assertEquals(1L + CHUNKS_PER_JOB, job.version());
            }
            assertEquals(CREATE_KEYS, idempotentIds.size());
            assertEquals(THREADS * UPDATES_PER_THREAD, updateWins.get() + updateConflicts.get());
            assertTrue(updateWins.get() >= 1);
            assertEquals(1L + updateWins.get(), jobs.get(new JobRef(ORG, versioned)).version());
            assertEquals(JOBS + 1 + CREATE_KEYS, jobs.list(ListJobsQuery.firstPage(ORG)).totalDocs());
        }
    }

    private static ImportJob create(ImportJobs jobs, String file, String key) {
        return jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("user_1").fileName(file + ".csv")
                .idempotencyKey(key).build())).job();
    }
}
