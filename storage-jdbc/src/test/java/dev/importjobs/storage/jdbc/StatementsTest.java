package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's kept statements: reused by SQL text, the least recently used closed past the capacity; and
 * a transaction that fails, its commit included, leaves the connection ready for the next one.
 */
class StatementsTest {
    @TempDir
    Path dir;

    @Test
    void theSameTextGivesTheSameStatementAndTheLeastRecentlyUsedGoPastTheCapacity() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Statements statements = Statements.kept(connection);
            PreparedStatement first = statements.prepare("SELECT 0");
            PreparedStatement second = statements.prepare("SELECT 1");
            assertSame(first, statements.prepare("SELECT 0"));

            for (int i = 2; i <= Statements.CAPACITY; i++) {
                assertEquals(i, valueOf(statements.prepare("SELECT " + i)));
            }
            statements.prepare("SELECT 0"); // recently used again: kept
            statements.prepare("SELECT 'one more'");

            assertTrue(second.isClosed(), "the least recently used statement is closed");
            assertFalse(first.isClosed());
            assertNotSame(second, statements.prepare("SELECT 1"));
            assertEquals(1, valueOf(statements.prepare("SELECT 1")));

            statements.closeAll();
            assertTrue(first.isClosed());
        }
    }

    /**
     * A deferred foreign key is checked at COMMIT, which fails and leaves the transaction open: unless it is
     * rolled back, every later BEGIN fails with "cannot start a transaction within a transaction".
     */
    @Test
    void aFailedCommitIsRolledBackAndTheNextTransactionRuns() throws SQLException {
        try (Connection connection = open()) {
            execute(connection, "PRAGMA foreign_keys = ON");
            execute(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            execute(connection, "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
            Statements statements = Statements.kept(connection);

            SQLException refused = assertThrows(SQLException.class, () -> statements.transaction("BEGIN IMMEDIATE",
                    c -> c.prepare("INSERT INTO child (parent_id) VALUES (7)").executeUpdate()));
            assertTrue(refused.getMessage().contains("FOREIGN KEY"), refused.getMessage());

            statements.transaction("BEGIN IMMEDIATE", c -> {
                c.prepare("INSERT INTO parent (id) VALUES (7)").executeUpdate();
                return c.prepare("INSERT INTO child (parent_id) VALUES (7)").executeUpdate();
            });
            assertEquals(1, count(connection, "child"), "the refused row was rolled back, the next one committed");
        }
    }

    /**
     * sqlite-jdbc finalizes a statement that fails with {@code SQLITE_READONLY} (as with an I/O error or a
     * full disk) and still reports it open: kept, it would fail every later use with "statement is not
     * executing". {@code PRAGMA query_only} makes SQLite refuse writes for real.
     */
    @Test
    void statementsTheDriverFinalizedAfterAFailureArePreparedAgain() throws SQLException {
        try (Connection connection = open()) {
            execute(connection, "CREATE TABLE t (x INTEGER)");
            Statements statements = Statements.kept(connection);
            Transactions.Work<Integer> insert = c -> c.prepare("INSERT INTO t (x) VALUES (1)").executeUpdate();
            statements.transaction("BEGIN", insert);

            execute(connection, "PRAGMA query_only = 1");
            assertThrows(SQLException.class, () -> statements.transaction("BEGIN", insert));
            assertThrows(SQLException.class, () -> statements.transaction("BEGIN IMMEDIATE", insert));
            execute(connection, "PRAGMA query_only = 0");

            statements.transaction("BEGIN", insert);
            statements.transaction("BEGIN IMMEDIATE", insert);
            assertEquals(3, count(connection, "t"));
        }
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("statements.db"));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long valueOf(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
