package dev.importjobs.storage.jdbc;

import dev.importjobs.core.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A store's versioned migration scripts and the runner that applies them: script {@code i} (0-based)
 * brings a database to schema version {@code i + 1}. Each runs in its own transaction together with
 * the version it reaches, which the {@link Dialect} stores and locks. A database from a newer version is
 * refused before anything touches it.
 */
public final class Migrations {
    private final List<String> names;
    private final Function<String, InputStream> resources;

    /**
     * @param names     the scripts, oldest first
     * @param resources opens a script by name; the store reads its own module's resources, which another
     *                  module could not
     */
    public Migrations(List<String> names, Function<String, InputStream> resources) {
        this.names = List.copyOf(names);
        this.resources = resources;
    }

    /** The version the last script reaches. */
    public int latest() {
        return names.size();
    }

    /** Brings the database up to {@link #latest()}; refuses a newer one. */
    public void migrate(Connection connection, Dialect dialect) throws SQLException {
        migrate(connection, dialect, latest());
    }

    /** Brings the database up to {@code target} (tests use it to make old-version files). */
    public void migrate(Connection connection, Dialect dialect, int target) throws SQLException {
        int current = dialect.schemaVersion(connection);
        if (current > latest()) {
            throw new StoreException("the database has schema version " + current
                    + ", newer than this Import Jobs supports (" + latest() + "); open it with a newer release");
        }
        for (int version = current + 1; version <= target; version++) {
            try (Statement statement = connection.createStatement()) {
                try {
                    // Re-read under the migration lock: another process may have migrated meanwhile.
                    if (dialect.beginMigration(connection) < version) {
                        for (String sql : statements(names.get(version - 1))) {
                            statement.execute(sql);
                        }
                        dialect.recordSchemaVersion(connection, version);
                    }
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    try {
                        statement.execute("ROLLBACK");
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback); // no transaction was open, or the database ended it
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * The statements of a script: split at a {@code ;} ending a line, except inside a
     * {@code CREATE TRIGGER … END;} block, whose body holds statements of its own.
     */
    public List<String> statements(String name) {
        String script;
        try (InputStream in = resources.apply(name)) {
            if (in == null) {
                throw new StoreException("migration resource missing: " + name);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + name, e);
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
            throw new StoreException("migration " + name + " ends without ';'");
        }
        return statements;
    }
}
