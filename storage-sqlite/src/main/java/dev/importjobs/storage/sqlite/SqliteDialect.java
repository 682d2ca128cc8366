package dev.importjobs.storage.sqlite;

import dev.importjobs.storage.jdbc.CountsUpkeep;
import dev.importjobs.storage.jdbc.Dialect;
import dev.importjobs.storage.jdbc.Migrations;
import dev.importjobs.storage.jdbc.SqlFailure;
import dev.importjobs.storage.jdbc.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What SQLite does its own way (docs/storage.md#adding-a-store). */
final class SqliteDialect implements Dialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    /** The schema, oldest script first; each reaches the next {@code PRAGMA user_version}. */
    static final Migrations MIGRATIONS = new Migrations(List.of("001-schema.sql", "002-job-counts.sql", "003-settings.sql",
            "004-change-feed.sql", "005-housekeeping.sql", "006-status-counts.sql"),
            name -> SqliteDialect.class.getResourceAsStream("migrations/" + name));

    /**
     * Binds a JSON array of job seqs and a limit; rows come per job in seq order. Each job's part is a
     * range of the {@code line_errors} primary key of at most the limit.
     */
    static final String LINE_ERROR_PREVIEWS = "SELECT l.severity, l.line, l.column_name, l.code, l.message, "
            + "l.value, l.job_seq FROM json_each(?) AS j JOIN line_errors AS l ON l.job_seq = j.value AND l.seq IN ("
            + "SELECT seq FROM line_errors WHERE job_seq = j.value ORDER BY seq LIMIT ?) ORDER BY j.key, l.seq";

    /** The previews of a listing in one statement: a key range of at most the limit, aggregated in its order. */
    static final String LINE_ERROR_PREVIEW_JSON = "(SELECT json_group_array(json_array(e.severity, e.line, "
            + "e.column_name, e.code, e.message, e.value) ORDER BY e.seq) FROM (SELECT * FROM line_errors "
            + "WHERE job_seq = jobs.seq ORDER BY seq LIMIT ?) AS e)";

    /**
     * The highest position the organization's change feed holds: on its jobs, its kept deletions, or the newest
     * deletion forgotten. Each part is one index entry (SQLite reads a MAX off the end of an index range).
     */
    static final String FEED_HEAD = "SELECT COALESCE(MAX(p), 0) FROM ("
            + "SELECT MAX(feed_position) AS p FROM jobs WHERE organization_id = ?1 "
            + "UNION ALL SELECT MAX(feed_position) FROM job_deletions WHERE organization_id = ?1 "
            + "UNION ALL SELECT through_position FROM forgotten_deletions WHERE organization_id = ?1)";

    private SqliteDialect() {
    }

    /**
     * The primary result code decides, the extended one refines it: {@code SQLITE_BUSY_SNAPSHOT} (a read
     * transaction's snapshot went stale before it could write) succeeds when run again; other busy and
     * locked codes mean another connection holds the lock.
     */
    @Override
    public SqlFailure classify(SQLException failure) {
        if (!(failure instanceof SQLiteException sqlite)) {
            return SqlFailure.OTHER;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE && failure.getMessage().contains("idempotency_key")) {
            return SqlFailure.DUPLICATE_IDEMPOTENCY_KEY;
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT) {
            return SqlFailure.RETRYABLE;
        }
        int primary = code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return SqlFailure.BUSY;
        }
        return SqlFailure.OTHER;
    }

    /** None: writes are serialised by the store's single writer, and a failed insert spoils nothing. */
    @Override
    public String insertJobConflictClause() {
        return "";
    }

    /** None: the write transaction ({@code BEGIN IMMEDIATE}) holds the database's only write lock. */
    @Override
    public String lockJobRowClause() {
        return "";
    }

    @Override
    public String lineErrorPreviewQuery() {
        return LINE_ERROR_PREVIEWS;
    }

    @Override
    public void bindJobSeqs(PreparedStatement statement, int index, List<Long> jobSeqs) throws SQLException {
        statement.setString(index, jobSeqs.toString()); // [1, 2, 3]: a JSON array
    }

    @Override
    public String lineErrorPreviewJson() {
        return LINE_ERROR_PREVIEW_JSON;
    }

    /**
     * None: the position is one more than a read of the organization's highest ({@link #nextFeedPosition}),
     * which costs nothing like a round trip in process.
     */
    @Override
    public Optional<String> feedPositionExpression() {
        return Optional.empty();
    }

    /** SQLite's {@code WITH} holds queries only; a statement costs no round trip here anyway. */
    @Override
    public boolean writesInWith() {
        return false;
    }

    /**
     * One more than the organization's highest: every write transaction, of every process on the file, holds
     * the one write lock ({@code BEGIN IMMEDIATE}) from this read to its commit, so positions are given in
     * commit order and a reader never meets a lower one after a higher.
     */
    @Override
    public long nextFeedPosition(Statements statements, String organizationId) throws SQLException {
        return feedHorizon(statements, organizationId) + 1;
    }

    /** The organization's highest position: what a read transaction's snapshot holds is complete up to it. */
    @Override
    public long feedHorizon(Statements statements, String organizationId) throws SQLException {
        PreparedStatement head = statements.prepare(FEED_HEAD);
        head.setString(1, organizationId);
        try (ResultSet rs = head.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The triggers of migration 002 keep the counts, whoever writes the file. */
    @Override
    public CountsUpkeep counts() {
        return CountsUpkeep.BY_SCHEMA;
    }

    @Override
    public int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** {@code BEGIN IMMEDIATE} takes the file's write lock: no other process migrates meanwhile. */
    @Override
    public int beginMigration(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        }
        return schemaVersion(connection);
    }

    /** {@code user_version} is written in the file's header, in the same transaction as the schema. */
    @Override
    public void recordSchemaVersion(Connection connection, int version) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + version);
        }
    }
}
