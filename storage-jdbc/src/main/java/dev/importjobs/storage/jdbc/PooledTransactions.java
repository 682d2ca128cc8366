package dev.importjobs.storage.jdbc;

import dev.importjobs.core.error.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * How a server database with row locks runs the shared layer's units (docs/storage.md#server-databases):
 * each unit takes a connection from a pool for one transaction, so many writes run at once and several
 * processes may share the database.
 *
 * <ul>
 *   <li>Writes run at {@code READ COMMITTED}. They are correct by the locks they take, not by the isolation
 *       level: {@code modify} locks the job row ({@link Dialect#lockJobRowClause}), so one job's changes
 *       queue while other jobs' run in parallel; a unique index settles racing creates
 *       ({@link Dialect#insertJobConflictClause}).</li>
 *   <li>Reads run at {@code REPEATABLE READ}, read only: a listing's total and page come from one snapshot.
 *       They are never run twice (a unit that streams line errors has handed some out already).</li>
 *   <li>A write that loses a serialization conflict or a deadlock ({@link SqlFailure#RETRYABLE}) rolls back
 *       and runs again after a short random pause, at most {@link #ATTEMPTS} times in all; then it fails with
 *       a {@link StoreException} saying the database was too contended. A busy or unreachable database
 *       ({@link SqlFailure#BUSY}) fails at once, with a message saying so.</li>
 * </ul>
 *
 * <p>Connections stay in auto-commit mode between units. A write turns it off and lets the driver open the
 * transaction, at the session's level, which each connection sets to {@code READ COMMITTED} when first met:
 * PostgreSQL's driver sends that {@code BEGIN} with the write's first statement, a round trip less than a
 * {@code START TRANSACTION} of ours (docs/storage.md#server-databases). A read opens its transaction with
 * standard SQL ({@code START TRANSACTION ISOLATION LEVEL …}); a {@link #query}, one statement, runs in
 * auto-commit, one snapshot by itself. The pool is the store's: it hands its {@code DataSource} over, says
 * how a broken connection is kept from being lent again, and what closing the store closes.
 */
public final class PooledTransactions implements Transactions {
    /** How many times a write is run before the conflicts it keeps losing are reported. */
    public static final int ATTEMPTS = 8;
    /** The longest pause before a retry: a conflict is over in milliseconds, a deadlock check takes longer. */
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** The level a write's transaction runs at, set once per connection. */
    static final String WRITE_LEVEL = "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED";
    static final String BEGIN_READ = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private final String database;
    private final DataSource pool;
    private final Dialect dialect;
    private final PooledStatements statements;
    private final Consumer<Connection> evict;
    private final AutoCloseable owned;
    /** Set by {@link #close()}: using a closed store is its caller's bug, not a failing database. */
    private volatile boolean closed;

    /**
     * @param database  the database's name, for messages ({@code "PostgreSQL"})
     * @param pool      where connections come from; they must be in auto-commit mode
     * @param dialect   classifies failures
     * @param physical  the driver's connection class, which the pool's connections unwrap to
     * @param evict     keeps a pooled connection found broken from being lent again (the pool's own call)
     * @param owned     what {@link #close()} closes: the pool when the store made it, else nothing
     */
    public PooledTransactions(String database, DataSource pool, Dialect dialect, Class<? extends Connection> physical,
            Consumer<Connection> evict, AutoCloseable owned) {
        this.database = Objects.requireNonNull(database, "database");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.statements = new PooledStatements(physical, WRITE_LEVEL);
        this.evict = Objects.requireNonNull(evict, "evict");
        this.owned = owned;
    }

    @Override
    public <T> T write(Work<T> work) {
        long pause = FIRST_PAUSE_NANOS;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(statements -> statements.transactionBegunByDriver(work));
            } catch (SQLException e) {
                SqlFailure failure = dialect.classify(e);
                if (failure != SqlFailure.RETRYABLE) {
                    throw failed("write", failure, e);
                }
                if (attempt == ATTEMPTS) {
                    throw new StoreException("the " + database + " database was too contended to finish the write: "
                            + ATTEMPTS + " attempts lost a serialization conflict or a deadlock", e);
                }
                pauseBeforeRetry(pause, e);
                pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try {
            return once(statements -> statements.transaction(BEGIN_READ, work));
        } catch (SQLException e) {
            throw failed("read", dialect.classify(e), e);
        }
    }

    @Override
    public <T> T query(Work<T> work) {
        try {
            return once(statements -> statements.alone(work));
        } catch (SQLException e) {
            throw failed("read", dialect.classify(e), e);
        }
    }

    /** Runs {@code unit} on a connection of the pool: a unit of work, with how it begins and ends. */
    private <T> T once(Work<T> unit) throws SQLException {
        if (closed) {
            throw new IllegalStateException("the " + database + " store is closed");
        }
        try (Connection connection = pool.getConnection()) {
            try {
                return unit.run(statements.of(connection));
            } catch (SQLException e) {
                if (!connection.isValid(1)) {
                    evict.accept(connection);
                }
                throw e;
            }
        }
    }

    private StoreException failed(String what, SqlFailure failure, SQLException e) {
        String reason = firstLine(e);
        if (failure == SqlFailure.BUSY) {
            return new StoreException("the " + database + " database is busy or unreachable, the " + what
                    + " did not run: " + reason, e);
        }
        return new StoreException(database + " " + what + " failed: " + reason, e);
    }

    /** Full jitter: a random pause up to {@code bound}, so writers that collided do not collide again in step. */
    private void pauseBeforeRetry(long bound, SQLException conflict) {
        try {
            TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException interrupted = new StoreException("interrupted while retrying a " + database + " write", e);
            interrupted.addSuppressed(conflict);
            throw interrupted;
        }
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** Closes the pool when it is the store's own; the pool closes the connections and their statements. */
    @Override
    public void close() {
        closed = true;
        try {
            if (owned != null) {
                owned.close();
            }
        } catch (Exception e) {
            throw new StoreException("closing the " + database + " store failed", e);
        } finally {
            statements.clear();
        }
    }
}
