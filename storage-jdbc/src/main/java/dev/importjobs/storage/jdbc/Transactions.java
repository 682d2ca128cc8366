package dev.importjobs.storage.jdbc;

import java.sql.SQLException;

/**
 * How a store runs the shared layer's units of work: on which connections, in which transactions, with
 * which locks and retries. SQLite writes through one connection, concurrent units batched into one
 * transaction with a savepoint each; a database with row locks may take a pooled connection per write and
 * retry a lost serialization conflict.
 *
 * <p>Failures: an {@link SQLException} leaves as a {@link dev.importjobs.core.error.StoreException}; any
 * other exception a unit throws (a rule of core refusing the change, say) propagates unchanged. Either
 * way the unit's writes are rolled back.
 */
public interface Transactions extends AutoCloseable {

    /** Runs {@code work} in a write transaction and commits it; the result is durable once returned. */
    <T> T write(Work<T> work);

    /** Runs {@code work} in a read transaction: every query in it sees the same snapshot. */
    <T> T read(Work<T> work);

    /**
     * Runs {@code work}, which runs one query, on a read connection. One statement reads one snapshot by
     * itself, so a store may run it outside a transaction of its own (on SQLite, {@code BEGIN} and
     * {@code COMMIT} cost more than a small query); by default it is a {@link #read}.
     */
    default <T> T query(Work<T> work) {
        return read(work);
    }

    /**
     * Closes every connection; a store may first leave its files tidy. Units run after it fail with
     * {@link IllegalStateException}: using a closed store is its caller's bug, not a failing store.
     */
    @Override
    void close();

    /**
     * One operation of the store on a connection whose transaction someone else opened and will commit:
     * it neither begins nor ends one, so a policy may run several in one transaction, each in a savepoint.
     * It may run again from the start after a retryable failure, so it keeps no state between runs.
     */
    @FunctionalInterface
    interface Work<T> {
        T run(Statements statements) throws SQLException;
    }
}
