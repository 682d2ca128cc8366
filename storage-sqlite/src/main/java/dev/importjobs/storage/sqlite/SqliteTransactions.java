package dev.importjobs.storage.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.storage.jdbc.PooledStatements;
import dev.importjobs.storage.jdbc.Statements;
import dev.importjobs.storage.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * SQLite's way of running transactions (docs/storage.md#concurrency). Writes go through one connection,
 * batched by a {@link GroupCommit}: one batch at a time, in {@code BEGIN IMMEDIATE} transactions, so no
 * writer of ours ever waits inside SQLite for another and no {@code database is locked} reaches a caller
 * (the busy timeout covers other processes). Reads use a pool of their own connections in deferred
 * transactions; in WAL mode they read a snapshot and never wait for the writer. Without a pool (an
 * in-memory database) reads use the writer.
 */
final class SqliteTransactions implements Transactions {
    private final Connection writer;
    /** The writer's statements, prepared once: used only by the batch that runs. */
    private final Statements writerStatements;
    private final GroupCommit batches;
    private final HikariDataSource readers;
    private final PooledStatements readerStatements = new PooledStatements(SQLiteConnection.class);
    /** Set by {@link #close()}: using a closed store is the caller's bug, not a failing store. */
    private volatile boolean closed;

    /** @param readers the read pool, or {@code null} to read through the writer */
    SqliteTransactions(Connection writer, HikariDataSource readers) throws SQLException {
        this.writer = writer;
        this.writerStatements = Statements.kept(writer);
        this.batches = new GroupCommit(writerStatements, writer.unwrap(SQLiteConnection.class).getDatabase());
        this.readers = readers;
    }

    @Override
    public <T> T write(Work<T> work) {
        ensureOpen();
        return batches.write(work);
    }

    @Override
    public <T> T read(Work<T> work) {
        if (readers == null) {
            return write(work);
        }
        ensureOpen();
        try (Connection connection = readers.getConnection()) {
            return readerStatements.of(connection).transaction("BEGIN", work);
        } catch (SQLException e) {
            throw new StoreException("SQLite read failed", e);
        }
    }

    /** How many writes wait for the batch that runs (see {@link GroupCommit#waiting}). */
    int waitingWrites() {
        return batches.waiting();
    }

    /** Outside a transaction: the statement takes and releases its own read snapshot. */
    @Override
    public <T> T query(Work<T> work) {
        if (readers == null) {
            return write(work);
        }
        ensureOpen();
        try (Connection connection = readers.getConnection()) {
            return readerStatements.of(connection).alone(work);
        } catch (SQLException e) {
            throw new StoreException("SQLite read failed", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the SQLite store is closed");
        }
    }

    /** Checkpoints the WAL into the database file and closes every connection. */
    @Override
    public void close() {
        closed = true;
        batches.close();
        try {
            if (readers != null) {
                readers.close(); // closes the reader connections and with them their statements
                readerStatements.clear();
            }
            if (!writer.isClosed()) {
                writerStatements.closeAll();
                try (Statement statement = writer.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                writer.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing the SQLite store failed", e);
        } finally {
            batches.closed();
        }
    }
}
