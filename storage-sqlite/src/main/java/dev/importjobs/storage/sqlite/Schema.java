package dev.importjobs.storage.sqlite;

import dev.importjobs.core.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Versioned migrations: {@code migrations/NNN-*.sql} resources applied in order, each in its own
 * {@code IMMEDIATE} transaction together with the {@code PRAGMA user_version} it reaches. A database
 * from a newer version is refused before anything touches it.
 */
final class Schema {
    /** Migration {@code i} (0-based) brings a database to {@code user_version = i + 1}. */
    static final List<String> MIGRATIONS = List.of("001-schema.sql", "002-job-counts.sql");
    static final int LATEST = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the database up to {@link #LATEST}; refuses a newer one. */
    static void migrate(Connection connection) throws SQLException {
        migrate(connection, LATEST);
    }

    /** Brings the database up to {@code target} (tests use it to make old-version files). */
    static void migrate(Connection connection, int target) throws SQLException {
        int current = userVersion(connection);
        if (current > LATEST) {
            throw new StoreException("the database has schema version " + current
                    + ", newer than this Import Jobs supports (" + LATEST + "); open it with a newer release");
        }
        for (int version = current + 1; version <= target; version++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    // Re-check under the write lock: another process may have migrated meanwhile.
                    if (userVersion(connection) >= version) {
                        statement.execute("COMMIT");
                        continue;
                    }
                    for (String sql : statements(MIGRATIONS.get(version - 1))) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + version);
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    statement.execute("ROLLBACK");
                    throw e;
                }
            }
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /**
     * The statements of a migration: split at a {@code ;} ending a line, except inside a
     * {@code CREATE TRIGGER … END;} block, whose body holds statements of its own.
     */
    static List<String> statements(String resource) {
        String script;
        try (InputStream in = Schema.class.getResourceAsStream("migrations/" + resource)) {
            if (in == null) {
                throw new StoreException("migration resource missing: " + resource);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (current.length() == 0) {
                inTrigger = trimmed.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
            }
            current.append(line).append('\n');
            boolean ends = inTrigger ? trimmed.equalsIgnoreCase("END;") : trimmed.endsWith(";");
            if (ends) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new StoreException("migration " + resource + " ends without ';'");
        }
        return statements;
    }
}
