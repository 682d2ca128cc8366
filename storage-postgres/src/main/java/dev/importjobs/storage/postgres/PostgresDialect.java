package dev.importjobs.storage.postgres;

import dev.importjobs.core.model.LineError;
import dev.importjobs.storage.jdbc.CountsUpkeep;
import dev.importjobs.storage.jdbc.Dialect;
import dev.importjobs.storage.jdbc.Migrations;
import dev.importjobs.storage.jdbc.SqlFailure;
import dev.importjobs.storage.jdbc.Statements;
import dev.importjobs.storage.jdbc.StoreKeptCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What PostgreSQL does its own way (docs/storage.md#the-postgresql-store). Nothing here relies on a trigger
 * or an advisory lock, which CockroachDB and YugabyteDB do not honour alike: racing creates meet at the
 * unique index, one job's changes queue on its row lock, the counts are kept by the store, and migrators
 * queue on the row of the version table.
 */
final class PostgresDialect implements Dialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    /** The schema, oldest script first; each reaches the next version in {@link #VERSION_TABLE}. */
    static final Migrations MIGRATIONS = new Migrations(List.of("001-schema.sql", "002-change-feed.sql",
            "003-housekeeping.sql", "004-status-counts.sql"),
            name -> PostgresDialect.class.getResourceAsStream("migrations/" + name));

    /** One row, {@code id = 1}: the schema version, and the lock migrators take in turn. */
    static final String VERSION_TABLE = "importjobs_schema_version";

    /** The unique index that makes an idempotency key one job's per organization (migration 001). */
    static final String IDEMPOTENCY_INDEX = "jobs_idempotency_key";

    /**
     * The first line errors of each job, in one query: the job seqs arrive as one array, and each job's part is
     * a range of the {@code line_errors} primary key of at most the limit.
     */
    static final String LINE_ERROR_PREVIEWS = "SELECT l.severity, l.line, l.column_name, l.code, l.message, "
            + "l.value, l.job_seq FROM unnest(?::bigint[]) WITH ORDINALITY AS j(seq, position) "
            + "CROSS JOIN LATERAL (SELECT * FROM line_errors WHERE job_seq = j.seq ORDER BY seq LIMIT ?) AS l "
            + "ORDER BY j.position, l.seq";

    /** The previews of a listing in one statement: a key range of at most the limit, aggregated in its order. */
    static final String LINE_ERROR_PREVIEW_JSON = "(SELECT json_agg(json_build_array(e.severity, e.line, "
            + "e.column_name, e.code, e.message, e.value) ORDER BY e.seq)::text FROM (SELECT * FROM line_errors "
            + "WHERE job_seq = jobs.seq ORDER BY seq LIMIT ?) AS e)";
    static final String LINE_ERRORS_TABLE = "unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], "
            + "?::text[]) WITH ORDINALITY AS v(severity, line, column_name, code, message, value, n)";

    /** SQLSTATEs a retry may cure: serialization_failure and deadlock_detected. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    /**
     * SQLSTATEs of a database that is there but cannot serve now: out of resources, memory or connections
     * (53000, 53200, 53300), shutting down or starting up (57P01–57P03), a lock not available (55P03). Class 08
     * is a lost or refused connection. A full disk (53100) is no passing state: it is a broken database.
     */
    private static final Set<String> BUSY = Set.of("53000", "53200", "53300", "57P01", "57P02", "57P03", "55P03");

    /** The writing transaction's id: 64 bits ({@code xid8}), never wrapping, shared by all its changes. */
    private static final String CURRENT_TRANSACTION = "pg_current_xact_id()::text::bigint";
    private static final String FEED_POSITION = "SELECT " + CURRENT_TRANSACTION;
    /**
     * Just below the oldest transaction running when the read's snapshot was taken: every transaction with a
     * lower id has ended, so nothing that becomes visible later can take a position at or below it.
     */
    private static final String FEED_HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1";

    private final CountsUpkeep counts = new StoreKeptCounts(lockJobRowClause(), writesInWith());

    private PostgresDialect() {
    }

    @Override
    public SqlFailure classify(SQLException failure) {
        String state = failure.getSQLState();
        if ("23505".equals(state) && IDEMPOTENCY_INDEX.equals(constraint(failure))) {
            return SqlFailure.DUPLICATE_IDEMPOTENCY_KEY;
        }
        if (state != null && RETRYABLE.contains(state)) {
            return SqlFailure.RETRYABLE;
        }
        if (state != null && (state.startsWith("08") || BUSY.contains(state))
                || failure instanceof SQLTransientConnectionException) {
            return SqlFailure.BUSY;
        }
        return SqlFailure.OTHER;
    }

    private static String constraint(SQLException failure) {
        ServerErrorMessage detail = failure instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return detail == null ? null : detail.getConstraint();
    }

    /**
     * A clash on the key makes no row rather than an error, which would spoil the transaction; it waits for a
     * racing insert of the same key to commit or roll back first, so exactly one of them makes the job.
     */
    @Override
    public String insertJobConflictClause() {
        return " ON CONFLICT (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";
    }

    /**
     * PostgreSQL's transactions commit in another order than they start, so a position follows visibility
     * rather than a counter (docs/storage.md#on-postgresql): the transaction's own id, which
     * {@link #feedHorizon} only passes once the transaction has ended.
     */
    @Override
    public long nextFeedPosition(Statements statements, String organizationId) throws SQLException {
        return single(statements, FEED_POSITION);
    }

    /** The transaction's id, as {@link #nextFeedPosition} reads it, written by the statement itself. */
    @Override
    public Optional<String> feedPositionExpression() {
        return Optional.of(CURRENT_TRANSACTION);
    }

    /** Data-modifying statements in {@code WITH}: PostgreSQL's own (and CockroachDB's, YugabyteDB's). */
    @Override
    public boolean writesInWith() {
        return true;
    }

    /** In the read's own snapshot (its transactions are {@code REPEATABLE READ}), so rows and horizon agree. */
    @Override
    public long feedHorizon(Statements statements, String organizationId) throws SQLException {
        return single(statements, FEED_HORIZON);
    }

    private static long single(Statements statements, String sql) throws SQLException {
        try (ResultSet rs = statements.prepare(sql).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code READ COMMITTED} alone would let two modifications of one job read the same row and both write:
     * the row lock makes the second wait, then read what the first committed.
     */
    @Override
    public String lockJobRowClause() {
        return " FOR UPDATE";
    }

    @Override
    public String lineErrorPreviewQuery() {
        return LINE_ERROR_PREVIEWS;
    }

    @Override
    public void bindJobSeqs(PreparedStatement statement, int index, List<Long> jobSeqs) throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf("bigint", jobSeqs.toArray()));
    }

    @Override
    public String lineErrorPreviewJson() {
        return LINE_ERROR_PREVIEW_JSON;
    }

    /** Six arrays, one per column, unnested side by side; {@code WITH ORDINALITY} numbers the lines. */
    @Override
    public Optional<String> lineErrorsTable() {
        return Optional.of(LINE_ERRORS_TABLE);
    }

    @Override
    public int bindLineErrors(PreparedStatement statement, int index, List<LineError> lines) throws SQLException {
        int size = lines.size();
        String[] severities = new String[size];
        Long[] numbers = new Long[size];
        String[] columns = new String[size];
        String[] codes = new String[size];
        String[] messages = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            LineError line = lines.get(i);
            severities[i] = line.severity().wireName();
            numbers[i] = line.line();
            columns[i] = line.column();
            codes[i] = line.code();
            messages[i] = line.message();
            values[i] = line.value();
        }
        Connection connection = statement.getConnection();
        statement.setArray(index, connection.createArrayOf("text", severities));
        statement.setArray(index + 1, connection.createArrayOf("bigint", numbers));
        statement.setArray(index + 2, connection.createArrayOf("text", columns));
        statement.setArray(index + 3, connection.createArrayOf("text", codes));
        statement.setArray(index + 4, connection.createArrayOf("text", messages));
        statement.setArray(index + 5, connection.createArrayOf("text", values));
        return index + 6;
    }

    @Override
    public Optional<String> chunkIndexesTable() {
        return Optional.of("unnest(?::int[]) AS c(chunk_index)");
    }

    @Override
    public void bindChunkIndexes(PreparedStatement statement, int index, List<Integer> chunks) throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf("integer", chunks.toArray()));
    }

    /** Kept by the store in each write's transaction: no triggers (docs/storage.md#server-databases). */
    @Override
    public CountsUpkeep counts() {
        return counts;
    }

    @Override
    public int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!versionTableExists(statement)) {
                return 0;
            }
            try (ResultSet rows = statement.executeQuery("SELECT version FROM " + VERSION_TABLE + " WHERE id = 1")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    /** Whether the version table is in the connection's schema (its search path), without touching it. */
    private static boolean versionTableExists(Statement statement) throws SQLException {
        try (ResultSet exists = statement.executeQuery("SELECT to_regclass('" + VERSION_TABLE + "') IS NOT NULL")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    /**
     * Makes the version table if there is none (each statement commits by itself; of several nodes making it
     * at once, one wins and the others find it made), then opens the migration's transaction and locks the
     * table's row: every other migrator waits there until this one commits, then reads the version it left.
     */
    @Override
    public int beginMigration(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
                        + " (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
            } catch (SQLException e) {
                // Two creates racing both pass the "not exists" check; the loser fails on the catalog's unique
                // index once the winner commits. The table is there then, which is all that was wanted.
                if (!versionTableExists(statement)) {
                    throw e;
                }
            }
            statement.execute("INSERT INTO " + VERSION_TABLE + " (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            statement.execute("BEGIN");
            try (ResultSet rows = statement.executeQuery("SELECT version FROM " + VERSION_TABLE
                    + " WHERE id = 1 FOR UPDATE")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Override
    public void recordSchemaVersion(Connection connection, int version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + VERSION_TABLE + " SET version = ? WHERE id = 1")) {
            statement.setInt(1, version);
            statement.executeUpdate();
        }
    }
}
