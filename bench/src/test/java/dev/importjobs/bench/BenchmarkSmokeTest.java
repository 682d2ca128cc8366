package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark, for every competitor, once, briefly and without warm-up, on tiny datasets, in this
 * JVM: it keeps the benchmarks compiling and running, it measures nothing. Each chunk trial checks every
 * job's stored totals at its end (a difference fails the run). Real runs use the shaded jar
 * (docs/benchmarks.md).
 */
class BenchmarkSmokeTest {
    private static final List<String> LISTINGS = List.of("firstPage", "deepOffsetPage", "cursorPage", "statusFilter",
            "sortByUpdatedAt");
    private static final List<String> CHUNKS = List.of("oneThread", "fourThreads", "sixteenThreads",
            "sixteenThreadsOneJob", "retriedChunk");
    private static final List<String> COMMITS = List.of("oneThread", "fourThreads", "sixteenThreads");

    @Test
    void everyBenchmarkRunsForEveryCompetitor() throws Exception {
        Options options = new OptionsBuilder()
                .include(ListJobsBenchmark.class.getName())
                .include(ChunkUpdateBenchmark.class.getName())
                .include(CommitCeilingBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                // Measuring nothing, the threads of a trial need not start and stop its iteration together.
                .syncIterations(false)
                .param("dbJobs", "1000")
                .param("orgJobs", "100")
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> expected = new HashSet<>();
        for (Competitor competitor : Competitor.values()) {
            for (String database : Competitors.DATABASES) {
                LISTINGS.forEach(b -> expected.add(label(b, database, competitor.parameter(), null)));
                for (String lineErrors : List.of("0", "10")) {
                    CHUNKS.forEach(b -> expected.add(label(b, database, competitor.parameter(), lineErrors)));
                }
            }
        }
        COMMITS.forEach(b -> expected.add(label(b, null, null, null)));
        List<String> ran = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            ran.add(label(benchmark, params.getParam("database"), params.getParam("impl"), params.getParam("lineErrors")));
            assertTrue(result.getPrimaryResult().getScore() > 0, () -> "no score: " + params);
        }
        assertEquals(expected.size(), ran.size(), () -> "ran " + ran);
        assertEquals(expected, new HashSet<>(ran));
    }

    private static String label(String benchmark, String database, String impl, String lineErrors) {
        return benchmark + "/" + database + "/" + impl + (lineErrors == null ? "" : "/" + lineErrors);
    }
}
