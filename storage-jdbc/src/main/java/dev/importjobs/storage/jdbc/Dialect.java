package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.LineError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What one database does differently from the shared JDBC store. Everything else (the tables' columns,
 * row mapping, listing, line errors, chunk records, the modify template, the migration runner) is
 * written once, in this package; see docs/storage.md#adding-a-store.
 */
public interface Dialect {

    /** What a failed statement means: the database's error codes, read once, here. */
    SqlFailure classify(SQLException failure);

    /**
     * Appended to the insert of a job row. Empty when a clash on the idempotency key fails the statement
     * (and {@link #classify} says so); {@code " ON CONFLICT DO NOTHING"} where a failed statement would
     * spoil the transaction: the clash then shows as no row inserted. Either way the insert ends in
     * {@link dev.importjobs.core.spi.DuplicateIdempotencyKeyException}, and core answers with the job
     * that holds the key (docs/model.md#idempotent-create).
     */
    String insertJobConflictClause();

    /**
     * Appended to the read of the job row that {@code modify} changes: whatever keeps two modifications
     * of one job from interleaving when the transaction alone does not ({@code " FOR UPDATE"}), else
     * empty.
     */
    String lockJobRowClause();

    /**
     * The first line errors of each of several jobs, in one query: parameter 1 takes the job seqs (bound
     * by {@link #bindJobSeqs}), parameter 2 the limit per job. It selects {@code severity, line,
     * column_name, code, message, value, job_seq}, each job's rows in {@code seq} order and the jobs in
     * the order given. Each job's part should be a key range of at most the limit, so a listing page's
     * previews cost the same however many lines its jobs hold.
     */
    String lineErrorPreviewQuery();

    /** Binds the job seqs of {@link #lineErrorPreviewQuery} (a JSON array, an SQL array, …). */
    void bindJobSeqs(PreparedStatement statement, int index, List<Long> jobSeqs) throws SQLException;

    /**
     * A subquery in the select list of a query on {@code jobs}: the first line errors of the row's job, at most
     * as many as its one parameter says, as JSON text: an array of {@code [severity, line, column_name, code,
     * message, value]} arrays in {@code seq} order. It reads a range of the {@code line_errors} primary key
     * (the row's {@code jobs.seq}); a listing answered by one statement carries its previews so.
     */
    String lineErrorPreviewJson();

    /**
     * A table of line errors bound as whole columns, so that one statement writes any number of them: a FROM item
     * {@code v(severity, line, column_name, code, message, value, n)}, {@code n} each line's place from 1, whose
     * parameters {@link #bindLineErrors} binds (PostgreSQL: {@code unnest} of six arrays {@code WITH ORDINALITY}):
     * worth it where each statement is a round trip to a server. Empty (the default) where a statement is a call
     * into a library in the process (SQLite), which the small statements cost less: the job's highest line is
     * read first and the lines go as a batch.
     */
    default Optional<String> lineErrorsTable() {
        return Optional.empty();
    }

    /** Binds the parameters of {@link #lineErrorsTable} from {@code index}; returns the index after them. */
    default int bindLineErrors(PreparedStatement statement, int index, List<LineError> lines) throws SQLException {
        throw new UnsupportedOperationException("this dialect names no table of line errors");
    }

    /**
     * A table of chunk indexes bound as one parameter ({@link #bindChunkIndexes}), so that one statement records
     * any number of a job's chunks: a FROM item {@code c(chunk_index)} (PostgreSQL: {@code unnest} of an array).
     * Empty (the default) for a dialect that does not write in {@code WITH} ({@link #writesInWith}).
     */
    default Optional<String> chunkIndexesTable() {
        return Optional.empty();
    }

    /** Binds the parameter of {@link #chunkIndexesTable} at {@code index}. */
    default void bindChunkIndexes(PreparedStatement statement, int index, List<Integer> chunks) throws SQLException {
        throw new UnsupportedOperationException("this dialect names no table of chunk indexes");
    }

    /**
     * Inside a write transaction: the position the change being written takes in the organization's change
     * feed (docs/storage.md#the-change-feed). It must be greater than the {@link #feedHorizon} of every read
     * that has run or will run before this transaction commits, so that a reader following the feed never
     * meets a change below a position it has passed. SQLite's writers take turns, one transaction after the
     * other, so one more than the highest position the organization holds will do; a database whose
     * transactions commit in another order than they write needs a position that follows visibility (see
     * docs/storage.md on PostgreSQL).
     */
    long nextFeedPosition(Statements statements, String organizationId) throws SQLException;

    /**
     * The SQL an insert or update of a job row writes into {@code feed_position}: the same position as
     * {@link #nextFeedPosition}, computed by the database inside that statement, which saves the round trip
     * of reading it first; empty when the store must read it and bind it.
     */
    Optional<String> feedPositionExpression();

    /**
     * Whether a statement may carry another write in a {@code WITH} clause ({@code WITH chunk AS (INSERT …)
     * UPDATE …}, PostgreSQL's data-modifying {@code WITH}): the store then records a chunk in the statement
     * that updates its job, a round trip fewer on a server database.
     */
    boolean writesInWith();

    /**
     * Inside a read transaction: the position up to which the organization's change feed is complete in the
     * transaction's snapshot. Every change at or below it is visible now, and no change that becomes visible
     * later has a position at or below it.
     */
    long feedHorizon(Statements statements, String organizationId) throws SQLException;

    /** Who keeps {@code job_counts} in step with {@code jobs}. */
    CountsUpkeep counts();

    /** The database's schema version, 0 when it has none yet; read without taking any lock. */
    int schemaVersion(Connection connection) throws SQLException;

    /**
     * Opens the transaction one migration runs in, holding whatever keeps every other migrator (another
     * process, another node) out until it ends, and returns the schema version read under it.
     */
    int beginMigration(Connection connection) throws SQLException;

    /** Records, inside the migration's transaction, the version it brings the schema to. */
    void recordSchemaVersion(Connection connection, int version) throws SQLException;
}
