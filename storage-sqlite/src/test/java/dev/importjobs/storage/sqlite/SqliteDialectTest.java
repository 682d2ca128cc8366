package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.importjobs.storage.jdbc.SqlFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** SQLite's failures, provoked for real, and what the dialect makes of them. */
class SqliteDialectTest {
    private static final SqliteDialect DIALECT = SqliteDialect.INSTANCE;

    @TempDir
    Path dir;

    @Test
    void aSecondJobWithTheSameKeyInTheOrganizationIsADuplicateKeyButASecondIdIsNot() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            SqliteDialect.MIGRATIONS.migrate(c, DIALECT);
            insertJob(c, "000000000000000000000001", "key-1");
            SQLException sameKey = assertThrows(SQLException.class,
                    () -> insertJob(c, "000000000000000000000002", "key-1"));
            assertEquals(SqlFailure.DUPLICATE_IDEMPOTENCY_KEY, DIALECT.classify(sameKey), sameKey.getMessage());
            SQLException sameId = assertThrows(SQLException.class,
                    () -> insertJob(c, "000000000000000000000001", "key-2"));
            assertEquals(SqlFailure.OTHER, DIALECT.classify(sameId), sameId.getMessage());
        }
    }

    @Test
    void aWriteLockHeldByAnotherConnectionIsBusy() throws SQLException {
        Path file = dir.resolve("busy.db");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
                Connection waiter = impatient(file);
                Statement holding = holder.createStatement();
                Statement waiting = waiter.createStatement()) {
            holding.execute("BEGIN IMMEDIATE");
            SQLException busy = assertThrows(SQLException.class, () -> waiting.execute("BEGIN IMMEDIATE"));
            assertEquals(SqlFailure.BUSY, DIALECT.classify(busy), busy.getMessage());
            holding.execute("ROLLBACK");
        }
    }

    /** In WAL mode a reader that tries to write after another connection committed must start over. */
    @Test
    void aReadSnapshotOvertakenByACommitIsRetryable() throws SQLException {
        Path file = dir.resolve("snapshot.db");
        SqliteJobStore.open(file).close();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file);
                Connection reader = impatient(file);
                Statement reading = reader.createStatement()) {
            reading.execute("BEGIN");
            reading.executeQuery("SELECT COUNT(*) FROM jobs").close();
            insertJob(writer, "000000000000000000000001", null);
            SQLException stale = assertThrows(SQLException.class,
                    () -> reading.execute("DELETE FROM job_counts"));
            assertEquals(SqlFailure.RETRYABLE, DIALECT.classify(stale), stale.getMessage());
            reading.execute("ROLLBACK");
        }
    }

    @Test
    void aFailureFromElsewhereIsOther() {
        assertEquals(SqlFailure.OTHER, DIALECT.classify(new SQLException("connection reset", "08006")));
    }

    /** A connection that fails at once instead of waiting for a lock. */
    private static Connection impatient(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private static void insertJob(Connection c, String id, String idempotencyKey) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO jobs (id, organization_id, status, created_by_id, file_name, idempotency_key, "
                    + "create_fingerprint, processed_rows, success_count, insert_count, update_count, skip_count, "
                    + "warning_count, error_count, error_report_truncated, created_at, updated_at, version) "
                    + "VALUES ('" + id + "', 'org_1', 'pending', 'u', 'f.csv', "
                    + (idempotencyKey == null ? "NULL" : "'" + idempotencyKey + "'")
                    + ", 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)");
        }
    }
}
