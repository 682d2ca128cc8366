package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.storage.jdbc.PooledTransactions;
import dev.importjobs.storage.jdbc.Statements;
import dev.importjobs.storage.jdbc.Transactions;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;

/**
 * The shared pooled transaction policy on a real server: lost conflicts are run again up to a bound, a busy
 * database fails at once, a read sees one snapshot, and a connection the server dropped is not lent again.
 */
class PooledTransactionsTest {
    private TestDatabase database;
    private HikariDataSource pool;
    private PooledTransactions transactions;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void open() throws SQLException {
        database = TestPostgres.server().newDatabase();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
            s.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
        }
        transactions = policy(2);
    }

    private PooledTransactions policy(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(size);
        pool = new HikariDataSource(config);
        return new PooledTransactions("PostgreSQL", pool, PostgresDialect.INSTANCE, PgConnection.class,
                pool::evictConnection, pool);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        transactions.close();
    }

    @Test
    void writersThatDeadlockBothFinishTheLoserRunningAgain() throws Exception {
        CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        Future<?> one = threads.submit(() -> transactions.write(crossing(1, 2, bothHoldOneRow, runs)));
        Future<?> two = threads.submit(() -> transactions.write(crossing(2, 1, bothHoldOneRow, runs)));

        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);

        // PostgreSQL picks the loser, and under load may abort a run more than once: what is certain is that some
        // run was rolled back and ran again, and that only the two committed runs left their writes.
        assertTrue(runs.get() >= 3, "the deadlock's loser rolled back and ran again: " + runs.get() + " runs");
        assertEquals(2, value(1));
        assertEquals(2, value(2));
    }

    /** Adds 1 to row {@code first}, waits (on the first run only) until the other writer holds its row, then row {@code second}. */
    private static Transactions.Work<Void> crossing(int first, int second, CyclicBarrier barrier, AtomicInteger runs) {
        AtomicInteger mine = new AtomicInteger();
        return c -> {
            runs.incrementAndGet();
            add(c, first);
            if (mine.incrementAndGet() == 1) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            add(c, second);
            return null;
        };
    }

    @Test
    void aWriteThatKeepsLosingGivesUpAfterTheBoundSayingTheDatabaseWasTooContended() {
        AtomicInteger runs = new AtomicInteger();

        StoreException failed = assertThrows(StoreException.class, () -> transactions.write(c -> {
            runs.incrementAndGet();
            add(c, 1);
            raise(c, "serialization_failure");
            return null;
        }));

        assertEquals(PooledTransactions.ATTEMPTS, runs.get());
        assertTrue(failed.getMessage().startsWith("the PostgreSQL database was too contended to finish the write"),
                failed.getMessage());
        assertEquals("40001", ((SQLException) failed.getCause()).getSQLState());
        assertEquals(0, value(1), "every attempt was rolled back");
    }

    @Test
    void aBusyDatabaseFailsAtOnceSayingSo() {
        AtomicInteger runs = new AtomicInteger();

        StoreException failed = assertThrows(StoreException.class, () -> transactions.write(c -> {
            runs.incrementAndGet();
            raise(c, "too_many_connections");
            return null;
        }));

        assertEquals(1, runs.get());
        assertTrue(failed.getMessage().startsWith("the PostgreSQL database is busy or unreachable, the write did not run"),
                failed.getMessage());
    }

    @Test
    void anExceptionOfTheUnitPropagatesUnchangedAndWritesNothing() {
        IllegalStateException refused = new IllegalStateException("a rule of core said no");
        AtomicInteger runs = new AtomicInteger();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> transactions.write(c -> {
            runs.incrementAndGet();
            add(c, 1);
            throw refused;
        }));

        assertSame(refused, thrown);
        assertEquals(1, runs.get());
        assertEquals(0, value(1));
    }

    @Test
    void aReadSeesOneSnapshotWhateverCommitsMeanwhile() throws Exception {
        CountDownLatch firstCountTaken = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        Future<long[]> counts = threads.submit(() -> transactions.read(c -> {
            long before = count(c);
            firstCountTaken.countDown();
            await(written);
            return new long[] {before, count(c)};
        }));
        firstCountTaken.await(30, TimeUnit.SECONDS);
        transactions.write(c -> {
            c.prepare("INSERT INTO t VALUES (3, 0)").executeUpdate();
            return null;
        });
        written.countDown();

        long[] seen = counts.get(30, TimeUnit.SECONDS);
        assertEquals(2, seen[0]);
        assertEquals(2, seen[1], "the read's second query saw the same snapshot as its first");
        assertEquals(3, transactions.read(PooledTransactionsTest::count));
    }

    /**
     * The driver opens a write's transaction (no START TRANSACTION of ours), at READ COMMITTED, which the policy
     * sets on each connection whatever the database's default; a read stays REPEATABLE READ; a query runs each
     * statement in a transaction of its own; and a connection goes back in auto-commit however a write ended.
     */
    @Test
    void writesRunAtReadCommittedInOneTransactionWhateverTheDatabasesDefaultAndQueriesOutsideAny() throws SQLException {
        transactions.close();
        try (Connection admin = database.connect(); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + admin.getCatalog() + " SET default_transaction_isolation = 'serializable'");
        }
        transactions = policy(1);

        String[] write = transactions.write(c -> new String[] {setting(c, "transaction_isolation"),
                setting(c, "pg_current_xact_id()::text"), setting(c, "pg_current_xact_id()::text")});
        assertEquals("read committed", write[0]);
        assertEquals(write[1], write[2], "both statements ran in the write's one transaction");
        assertEquals("repeatable read", transactions.read(c -> setting(c, "transaction_isolation")));

        assertThrows(IllegalStateException.class, () -> transactions.write(c -> {
            add(c, 1);
            throw new IllegalStateException("refused");
        }));
        String[] query = transactions.query(c -> new String[] {setting(c, "pg_current_xact_id()::text"),
                setting(c, "pg_current_xact_id()::text")});
        assertNotEquals(query[0], query[1], "each statement of a query is a transaction of its own (auto-commit)");
        assertEquals(0, value(1), "the refused write was rolled back");
    }

    private static String setting(Statements c, String expression) throws SQLException {
        String sql = expression.equals("transaction_isolation") ? "SHOW transaction_isolation" : "SELECT " + expression;
        try (ResultSet rs = c.prepare(sql).executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aConnectionTheServerDroppedFailsOneUnitAndIsNotLentAgain() throws SQLException {
        transactions.close();
        transactions = policy(1);
        int backend = transactions.read(PooledTransactionsTest::backendPid);
        try (Connection admin = database.connect(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + backend + ")");
        }

        StoreException failed = assertThrows(StoreException.class, () -> transactions.read(PooledTransactionsTest::backendPid));
        assertTrue(failed.getMessage().startsWith("the PostgreSQL database is busy or unreachable"), failed.getMessage());

        assertNotEquals(backend, transactions.read(PooledTransactionsTest::backendPid));
    }

    @Test
    void aClosedPolicyRefusesUnitsAsTheCallersMistake() {
        transactions.close();

        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> transactions.read(PooledTransactionsTest::count));
        assertEquals("the PostgreSQL store is closed", closed.getMessage());
        assertThrows(IllegalStateException.class, () -> transactions.write(PooledTransactionsTest::count));
    }

    private static void add(Statements c, int id) throws SQLException {
        var update = c.prepare("UPDATE t SET v = v + 1 WHERE id = ?");
        update.setInt(1, id);
        update.executeUpdate();
    }

    private static void raise(Statements c, String condition) throws SQLException {
        c.prepare("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '" + condition + "'; END $$").execute();
    }

    private static long count(Statements c) throws SQLException {
        try (ResultSet rs = c.prepare("SELECT COUNT(*) FROM t").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int backendPid(Statements c) throws SQLException {
        try (ResultSet rs = c.prepare("SELECT pg_backend_pid()").executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int value(int id) {
        return transactions.read(c -> {
            var select = c.prepare("SELECT v FROM t WHERE id = ?");
            select.setInt(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
