package dev.importjobs.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A page of 50 jobs with {@code totalDocs}, for an organization of {@code orgJobs} jobs in a database of
 * {@code dbJobs} jobs across organizations: the first page, a deep page by offset and by cursor (90% into the
 * organization), a status filter and a non-default sort — for each competitor ({@code impl}) on each database
 * ({@code database}).
 *
 * <p>Datasets are made on first use under {@code bench/target/datasets/} and reused (see {@link Datasets}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ListJobsBenchmark {
    /** Where the competitors run: see {@link Competitors#DATABASES}. */
    @Param({"sqlite", "postgres"})
    public String database;

    /** {@code importjobs}: our store through the use case; {@code rawJdbc}: the floor; {@code springBatch}: the peer. */
    @Param({"importjobs", "rawJdbc", "springBatch"})
    public String impl;

    /** Jobs in the whole database. */
    @Param({"1000000"})
    public int dbJobs;

    /** Jobs of the listed organization: a power of ten, at least 100, at most a tenth of {@code dbJobs}. */
    @Param({"1000", "100000"})
    public int orgJobs;

    private Competitors competitors;
    private Listing listing;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (orgJobs < 100) {
            throw new IllegalArgumentException("orgJobs must be at least 100 (two pages deep), was " + orgJobs);
        }
        new SyntheticJobs(dbJobs).requireOrganizationOfSize(orgJobs);
        String organization = SyntheticJobs.organization(orgJobs);
        int depth = Listing.depth(orgJobs);
        competitors = Competitors.on(database);
        listing = competitors.listing(Competitor.named(impl), dbJobs, organization, depth);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            listing.close();
        } finally {
            competitors.close();
        }
    }

    @Benchmark
    public Object firstPage() throws Exception {
        return listing.firstPage();
    }

    @Benchmark
    public Object deepOffsetPage() throws Exception {
        return listing.deepOffsetPage();
    }

    @Benchmark
    public Object cursorPage() throws Exception {
        return listing.cursorPage();
    }

    @Benchmark
    public Object statusFilter() throws Exception {
        return listing.statusPage();
    }

    @Benchmark
    public Object sortByUpdatedAt() throws Exception {
        return listing.sortedPage();
    }
}
