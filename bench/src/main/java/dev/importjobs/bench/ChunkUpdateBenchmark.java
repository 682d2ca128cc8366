package dev.importjobs.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * errors: one thread on one job, four threads each on its own job, and a retried chunk (a duplicate that
 * must change nothing). Each trial writes a fresh database under {@code bench/target/datasets/}, deleted
 * afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ChunkUpdateBenchmark {
    @Param({"importjobs", "rawJdbc", "springBatch"})
    public String impl;

    /** Line errors each chunk reports (and each competitor stores). */
    @Param({"0", "10"})
    public int lineErrors;

    private ChunkRecorder<Object> recorder;
    private Path database;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        database = Datasets.directory().resolve("chunks-" + impl + "-" + ProcessHandle.current().pid() + ".db");
        Datasets.deleteDatabase(database);
        ChunkRecorder<?> chosen = switch (impl) {
            case "importjobs" -> new ImportJobsChunks(database, lineErrors);
            case "rawJdbc" -> new RawJdbcChunks(database, lineErrors);
            case "springBatch" -> new SpringBatchChunks(database, lineErrors);
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        recorder = (ChunkRecorder<Object>) chosen;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        recorder.close();
        Datasets.deleteDatabase(database);
    }

    /** One worker's job and its next chunk index. */
    @State(Scope.Thread)
    public static class Worker {
        Object job;
        int next;

        @Setup(Level.Trial)
        public void setUp(ChunkUpdateBenchmark benchmark) throws Exception {
            job = benchmark.recorder.newJob();
            next = 1;
        }
    }

    @Benchmark
    @Threads(1)
    public Object oneThread(Worker worker) throws Exception {
        return recorder.record(worker.job, worker.next++);
    }

    @Benchmark
    @Threads(4)
    public Object fourThreads(Worker worker) throws Exception {
        return recorder.record(worker.job, worker.next++);
    }

    @Benchmark
    @Threads(1)
    public Object retriedChunk(Worker worker) throws Exception {
        return recorder.retry(worker.job);
    }
}
