package dev.importjobs.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, by SQL text. Preparing a statement (parsing, planning,
 * reading its column names) costs about as much as running most of ours, so each connection keeps its
 * statements for as long as it lives. One instance is used by one thread at a time: a writer's by the
 * thread that holds the writer (on SQLite, the leader of the batch that runs), a reader's while the pool
 * lends its connection out.
 *
 * <p>Callers never close a statement they got here, only its result sets; every statement is bound in
 * full before each use.
 */
public final class Statements {
    /**
     * How many statements a connection keeps. The common ones number a few dozen; updates naming unusual
     * sets of fields and listings with unusual filters make more, so the least recently used go.
     */
    static final int CAPACITY = 128;

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                // Nothing to do: a statement that cannot be finalized now goes with its connection.
            }
            return true;
        }
    };

    private Statements(Connection connection) {
        this.connection = connection;
    }

    /** Statements kept until {@link #closeAll()} (or until the connection closes). */
    public static Statements kept(Connection connection) {
        return new Statements(connection);
    }

    public Connection connection() {
        return connection;
    }

    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /**
     * Runs {@code work} in a transaction opened by {@code begin} ({@code BEGIN}, {@code BEGIN IMMEDIATE},
     * …) and commits it. Whatever fails, the commit included, rolls the transaction back and propagates,
     * and the connection is ready for the next transaction however this one ended: after a failed
     * statement the kept ones are all dropped, to be prepared again as they are used. sqlite-jdbc
     * finalizes a statement that fails with an I/O error, a full disk or a read-only file without saying
     * so ({@code isClosed()} stays false), and such a statement kept here would fail every later use
     * ("statement is not executing") long after the disk has room again.
     */
    public <T> T transaction(String begin, Transactions.Work<T> work) throws SQLException {
        try {
            prepare(begin).execute();
        } catch (SQLException e) {
            dropAfter(e);
            throw e;
        }
        try {
            T result = work.run(this);
            prepare("COMMIT").execute();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollBack(e);
            throw e;
        }
    }

    /**
     * Runs {@code work} in a transaction the driver opens (auto-commit off) and commits it, ending as
     * {@link #transaction} does. PostgreSQL's driver sends its {@code BEGIN} with the first statement, where
     * a {@code START TRANSACTION} of our own is a round trip of its own; the transaction runs at the session's
     * isolation level. Auto-commit is on again afterwards, as the pool lent the connection.
     */
    public <T> T transactionBegunByDriver(Transactions.Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(this);
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            boolean rolledBack = end(e, connection::rollback);
            try {
                if (rolledBack) {
                    connection.setAutoCommit(true);
                } else {
                    // The transaction may still be open, and turning auto-commit on would commit it: the connection
                    // is closed instead, so that the pool finds it broken and never lends it again.
                    connection.close();
                }
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        connection.setAutoCommit(true); // no round trip: the transaction has ended
        return result;
    }

    /**
     * Runs {@code work}, one statement, outside any transaction: in auto-commit mode the statement reads one
     * snapshot and takes no {@code BEGIN} or {@code COMMIT}. A failed statement drops the kept ones, as in
     * {@link #transaction}.
     */
    public <T> T alone(Transactions.Work<T> work) throws SQLException {
        try {
            return work.run(this);
        } catch (SQLException e) {
            dropAfter(e);
            throw e;
        }
    }

    /**
     * Ends the open transaction after {@code failure} (a unit's, or the {@code COMMIT}'s): rolls it back, and
     * drops the kept statements when a statement failed. A rule of core refusing the change failed no
     * statement, so the kept ones stay. What goes wrong on the way is added to {@code failure}: the failure
     * worth reporting is the first one.
     */
    public void rollBack(Throwable failure) {
        end(failure, () -> prepare("ROLLBACK").execute());
    }

    /** A step that may fail with an {@link SQLException}: the rollback a transaction ends with. */
    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }

    /** Rolls back after {@code failure}, as {@link #rollBack} says; whether the rollback itself succeeded. */
    private boolean end(Throwable failure, SqlStep rollBack) {
        try {
            rollBack.run();
        } catch (SQLException rollback) {
            // No transaction was left to end (the database ended it itself, as SQLite does on some I/O errors).
            failure.addSuppressed(rollback);
            dropAfter(failure);
            return false;
        }
        if (failure instanceof SQLException) {
            dropAfter(failure);
        }
        return true;
    }

    /** Drops the kept statements after a failed one (see {@link #transaction}); a failure to close joins {@code failure}. */
    public void dropAfter(Throwable failure) {
        try {
            closeAll();
        } catch (SQLException close) {
            failure.addSuppressed(close);
        }
    }

    public void closeAll() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
