package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A connection's kept statements: reused by SQL text, the least recently used closed past the capacity. */
class StatementsTest {
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

    private static long valueOf(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
