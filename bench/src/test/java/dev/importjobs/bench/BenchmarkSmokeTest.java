package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark, for every competitor, once and briefly on tiny datasets, in this JVM: it keeps the
 * benchmarks compiling and running, it measures nothing. Real runs use the shaded jar (docs/benchmarks.md).
 */
class BenchmarkSmokeTest {
    private static final int COMPETITORS = 3;

    @Test
    void everyBenchmarkRunsForEveryCompetitor() throws Exception {
        Options options = new OptionsBuilder()
                .include(ListJobsBenchmark.class.getName())
                .include(ChunkUpdateBenchmark.class.getName())
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("dbJobs", "1000")
                .param("orgJobs", "100")
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        int listings = 5 * COMPETITORS;
        int chunks = 3 * COMPETITORS * 2; // three benchmarks, two line-error counts
        assertEquals(listings + chunks, results.size());
        for (RunResult result : results) {
            assertTrue(result.getPrimaryResult().getScore() > 0, () -> "no score: " + result.getParams());
        }
    }
}
