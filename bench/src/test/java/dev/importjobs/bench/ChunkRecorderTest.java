package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each competitor's recorder with many threads on one job, outside JMH: every chunk is stored exactly once,
 * and the end-of-trial check of {@link ChunkUpdateBenchmark} catches a job whose totals differ from what it was
 * sent.
 */
class ChunkRecorderTest {
    private static final int THREADS = 16;
    private static final int CHUNKS_PER_THREAD = 4;
    private static final int LINE_ERRORS = 10;

    @ParameterizedTest
    @EnumSource(Competitor.class)
    @SuppressWarnings("unchecked")
    void sixteenThreadsOnOneJobStoreEveryChunkOnce(Competitor competitor) throws Exception {
        try (Competitors competitors = Competitors.on("sqlite");
                ChunkRecorder<Object> recorder = (ChunkRecorder<Object>) competitors.chunks(competitor, LINE_ERRORS)) {
            ChunkUpdateBenchmark.SentChunks job = new ChunkUpdateBenchmark.SentChunks(recorder.newJob());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    sent.add(pool.submit(() -> {
                        start.await();
                        for (int k = 0; k < CHUNKS_PER_THREAD; k++) {
                            recorder.record(job.job, job.next.getAndIncrement());
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : sent) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            recorder.retry(job.job);

            assertEquals(1 + THREADS * CHUNKS_PER_THREAD, job.next.get());
            assertEquals(ChunkRecorder.Totals.of(job.next.get(), LINE_ERRORS), recorder.totals(job.job));
            job.check(recorder, LINE_ERRORS);

            job.next.incrementAndGet(); // claims a chunk that was never recorded
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> job.check(recorder, LINE_ERRORS));
            assertTrue(missing.getMessage().contains("job " + job.job), missing::getMessage);
        }
    }
}
