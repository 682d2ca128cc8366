package dev.importjobs.bench;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one processed chunk, durably (every commit fsynced) and exactly once, with 0 or 10 line
 * errors: 1, 4 and 16 threads each on its own job; 16 threads on one job, sending its chunks with distinct
 * indexes; and a retried chunk (a duplicate that must change nothing). Each trial writes a fresh database
 * ({@link Competitors#chunks}), removed afterwards; before that, every job's stored totals are checked
 * against the chunks it was sent, and a difference fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ChunkUpdateBenchmark {
    /** Where the competitors run: see {@link Competitors#DATABASES}. */
    @Param({"sqlite", "postgres"})
    public String database;

    @Param({"importjobs", "rawJdbc", "springBatch"})
    public String impl;

    /** Line errors each chunk reports (and each competitor stores). */
    @Param({"0", "10"})
    public int lineErrors;

    private Competitors competitors;
    private ChunkRecorder<Object> recorder;
    /** Every job of the trial, with the chunks it was sent. */
    private final Queue<SentChunks> jobs = new ConcurrentLinkedQueue<>();

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        competitors = Competitors.on(database);
        recorder = (ChunkRecorder<Object>) competitors.chunks(Competitor.named(impl), lineErrors);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            for (SentChunks job : jobs) {
                job.check(recorder, lineErrors);
            }
        } finally {
            try {
                recorder.close();
            } finally {
                competitors.close();
            }
        }
    }

    /** A new job with its chunk 0 recorded, counted in the final check. */
    SentChunks newJob() throws Exception {
        SentChunks job = new SentChunks(recorder.newJob());
        jobs.add(job);
        return job;
    }

    /** One job and the next chunk index to send it; chunks 0 to {@code next - 1} have been sent. */
    static final class SentChunks {
        final Object job;
        final AtomicInteger next = new AtomicInteger(1);

        SentChunks(Object job) {
            this.job = job;
        }

        /** Fails unless the competitor stored exactly what this job's chunks carried. */
        void check(ChunkRecorder<Object> recorder, int lineErrors) throws Exception {
            ChunkRecorder.Totals expected = ChunkRecorder.Totals.of(next.get(), lineErrors);
            ChunkRecorder.Totals stored = recorder.totals(job);
            if (!stored.equals(expected)) {
                throw new IllegalStateException("job " + job + " was sent " + next.get() + " chunks: expected "
                        + expected + ", stored " + stored);
            }
        }
    }

    /** One thread's own job. */
    @State(Scope.Thread)
    public static class Worker {
        SentChunks chunks;

        @Setup(Level.Trial)
        public void setUp(ChunkUpdateBenchmark benchmark) throws Exception {
            chunks = benchmark.newJob();
        }
    }

    /** The one job every thread sends chunks to. */
    @State(Scope.Benchmark)
    public static class SharedJob {
        SentChunks chunks;

        @Setup(Level.Trial)
        public void setUp(ChunkUpdateBenchmark benchmark) throws Exception {
            chunks = benchmark.newJob();
        }
    }

    private Object next(SentChunks chunks) throws Exception {
        return recorder.record(chunks.job, chunks.next.getAndIncrement());
    }

    @Benchmark
    @Threads(1)
    public Object oneThread(Worker worker) throws Exception {
        return next(worker.chunks);
    }

    @Benchmark
    @Threads(4)
    public Object fourThreads(Worker worker) throws Exception {
        return next(worker.chunks);
    }

    @Benchmark
    @Threads(16)
    public Object sixteenThreads(Worker worker) throws Exception {
        return next(worker.chunks);
    }

    @Benchmark
    @Threads(16)
    public Object sixteenThreadsOneJob(SharedJob shared) throws Exception {
        return next(shared.chunks);
    }

    @Benchmark
    @Threads(1)
    public Object retriedChunk(Worker worker) throws Exception {
        return recorder.retry(worker.chunks.job);
    }
}
