package dev.importjobs.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Another process holding a SQLite file's write lock, for {@link BusyStoreTest}: {@code BEGIN IMMEDIATE}
 * on the file given, {@code locked} on stdout once it holds the lock, and a rollback once stdin closes.
 */
public final class LockHolder {
    static final String LOCKED = "locked";

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            System.out.println(LOCKED);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the test closes our stdin.
            }
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            System.out.println("failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
