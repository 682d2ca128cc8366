package dev.importjobs.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling of durable writes on the benchmark's PostgreSQL ({@link Postgres}): the least write that is
 * durable once acknowledged — one autocommitted {@code UPDATE} adding 1 to a counter, each thread its own row on a
 * page of its own (so no row or page is shared, and the page has room for the update to stay HOT, with no index
 * entry) — with 1, 4 and 16 threads. A recorded chunk needs at least one commit before its answer, so a closed
 * loop of n threads, each waiting for its answer, with a commit per chunk, records at most what n threads of these
 * commits reach (docs/benchmarks.md#postgresql). At the end of a trial each row must hold exactly its thread's
 * count of updates; the share of them PostgreSQL made HOT is printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class CommitCeilingBenchmark {
    /** One row, and one pooled connection, per thread of the busiest variant. */
    private static final int ROWS = 16;

    private String database;
    private HikariDataSource pool;
    private final AtomicInteger rows = new AtomicInteger();
    private final Queue<Counter> counters = new ConcurrentLinkedQueue<>();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        rows.set(0);
        counters.clear();
        database = ("ceiling_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
        Postgres.create(database);
        try (Connection c = Postgres.connect(database); Statement s = c.createStatement()) {
            // Rows of about 540 bytes in pages filled to 10% on insert: one row a page, and room on it for updates.
            s.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n BIGINT NOT NULL, pad TEXT NOT NULL) "
                    + "WITH (fillfactor = 10)");
            s.execute("INSERT INTO counters SELECT g, 0, repeat('x', 500) FROM generate_series(1, " + ROWS + ") g");
        }
        pool = Postgres.pool(database, ROWS, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement read = c.prepareStatement("SELECT n FROM counters WHERE id = ?");
                Statement s = c.createStatement()) {
            for (Counter counter : counters) {
                read.setInt(1, counter.row);
                try (ResultSet rs = read.executeQuery()) {
                    long stored = rs.next() ? rs.getLong(1) : -1;
                    if (stored != counter.added) {
                        throw new IllegalStateException("row " + counter.row + " was added " + counter.added
                                + " but holds " + stored);
                    }
                }
            }
            // The statistics lag the last commits by up to a second: for the record, not a check.
            try (ResultSet rs = s.executeQuery("SELECT n_tup_hot_upd, n_tup_upd FROM pg_stat_user_tables "
                    + "WHERE relname = 'counters'")) {
                if (rs.next()) {
                    System.out.printf("%n# HOT updates: %,d of %,d%n", rs.getLong(1), rs.getLong(2));
                }
            }
        } finally {
            pool.close();
            Postgres.drop(database);
        }
    }

    /** One thread's row, its connection and statement, and how many updates it made. */
    @State(Scope.Thread)
    public static class Counter {
        int row;
        long added;
        private Connection connection;
        private PreparedStatement add;

        @Setup(Level.Trial)
        public void setUp(CommitCeilingBenchmark benchmark) throws SQLException {
            row = benchmark.rows.incrementAndGet();
            connection = benchmark.pool.getConnection();
            add = connection.prepareStatement("UPDATE counters SET n = n + 1 WHERE id = ?");
            add.setInt(1, row);
            benchmark.counters.add(this);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            connection.close();
        }

        int add() throws SQLException {
            int updated = add.executeUpdate();
            if (updated != 1) {
                throw new IllegalStateException("row " + row + ": the update changed " + updated + " rows");
            }
            added++;
            return updated;
        }
    }

    @Benchmark
    @Threads(1)
    public int oneThread(Counter counter) throws SQLException {
        return counter.add();
    }

    @Benchmark
    @Threads(4)
    public int fourThreads(Counter counter) throws SQLException {
        return counter.add();
    }

    @Benchmark
    @Threads(16)
    public int sixteenThreads(Counter counter) throws SQLException {
        return counter.add();
    }
}
