package dev.importjobs.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.spi.ForwardingJobStore;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@link dev.importjobs.core.spi.JobStore} on SQLite: the shared JDBC store with SQLite's dialect, its
 * migration scripts and its transactions (docs/storage.md).
 *
 * <p>Writes go through one connection, one batch at a time: concurrent writes are committed together, in one
 * transaction, each in a savepoint of its own. Reads use a small HikariCP pool of their own connections and, in
 * WAL mode, never wait for the writer. Commits are {@code synchronous=FULL} unless the {@link Durability} says otherwise: an
 * acknowledged write survives a crash of the process or the machine. {@link #close()} checkpoints the WAL into
 * the database file and closes every connection.
 *
 * <pre>{@code
 * try (SqliteJobStore store = SqliteJobStore.open(Path.of("importjobs.db"))) { … }
 * }</pre>
 */
public final class SqliteJobStore extends ForwardingJobStore {
    /**
     * What the WAL is cut back to once a checkpoint has emptied it (docs/storage.md#concurrency): a little
     * more than the 1,000 pages after which SQLite checkpoints, so the WAL of a steady load is never cut,
     * and one that grew while a long read held old pages shrinks at the first commit after.
     */
    static final int JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024 + 64 * 1024;

    private SqliteJobStore(Connection writer, HikariDataSource readers) throws SQLException {
        super(new JdbcJobStore(SqliteDialect.INSTANCE, new SqliteTransactions(writer, readers)));
    }

    /** Opens (creating if missing, migrating if old) the database file with default settings. */
    public static SqliteJobStore open(Path file) {
        return builder(file).open();
    }

    /** A private in-memory database: one connection for everything, gone on close. */
    public static SqliteJobStore inMemory() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:",
                    config(Duration.ZERO, SQLiteConfig.JournalMode.MEMORY, Durability.POWER_LOSS).toProperties());
            SqliteDialect.MIGRATIONS.migrate(connection, SqliteDialect.INSTANCE);
            return new SqliteJobStore(connection, null);
        } catch (SQLException e) {
            throw new StoreException("cannot open an in-memory SQLite database", e);
        }
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    static SQLiteConfig config(Duration busyTimeout, SQLiteConfig.JournalMode journalMode, Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(journalMode);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(durability.synchronous()));
        config.setBusyTimeout(millis(busyTimeout));
        config.enforceForeignKeys(true);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
        // Else the driver runs SELECT last_insert_rowid(), prepared anew, after every INSERT: a tenth of a
        // chunk's cost in the writer. The store takes a new job's key from RETURNING instead.
        config.setGetGeneratedKeys(false);
        return config;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /**
     * What an acknowledged write of the store survives (docs/storage.md#durability): the worst crash
     * after which it is still in the file. Each is a setting of SQLite's {@code synchronous} in WAL mode.
     */
    public enum Durability {
        /**
         * The default: a write is acknowledged once its commit is on the disk ({@code synchronous=FULL}, an fsync
         * of the WAL per commit), so it survives a crash of the process, of the operating system and a power loss.
         */
        POWER_LOSS("FULL"),
        /**
         * A write is acknowledged once its commit is in the operating system's cache ({@code synchronous=NORMAL}:
         * the WAL is synced only at checkpoints), so it survives a crash or {@code kill -9} of the process, but the
         * last commits before a crash of the operating system or a power loss may be lost. The file stays
         * consistent either way.
         */
        PROCESS("NORMAL");

        private final String synchronous;

        Durability(String synchronous) {
            this.synchronous = synchronous;
        }

        /** The value of SQLite's {@code synchronous} pragma it stands for in WAL mode: {@code FULL}, {@code NORMAL}. */
        public String synchronous() {
            return synchronous;
        }

        /** The name options use: {@code power-loss}, {@code process}. */
        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The durability an option names ({@link #optionName()}, any case), or empty. */
        public static Optional<Durability> ofOptionName(String name) {
            return Arrays.stream(values()).filter(d -> d.optionName().equalsIgnoreCase(name)).findFirst();
        }
    }

    /** Settings for {@link SqliteJobStore#open}; every one has a sensible default. */
    public static final class Builder {
        private final Path file;
        private int readPoolSize = 4;
        private Duration busyTimeout = Duration.ofSeconds(10);
        private Durability durability = Durability.POWER_LOSS;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** Connections for reads (default 4); writes always use one connection of their own. */
        public Builder readPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("readPoolSize must be >= 1, was " + size);
            }
            this.readPoolSize = size;
            return this;
        }

        /** How long SQLite waits for another process's lock before failing (default 10 s). */
        public Builder busyTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must be >= 0, was " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * What an acknowledged write survives (default {@link Durability#POWER_LOSS}: an fsync per commit);
         * {@link Durability#PROCESS} trades a power loss or a crash of the operating system for cheaper commits.
         */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Opens the store: creates the file, its schema and any missing parent directories, migrates an
         * older schema, refuses a newer one.
         *
         * @throws StoreException when the file cannot be opened as an Import Jobs database; its message is
         *                        one line saying what is wrong and what to do
         */
        public SqliteJobStore open() {
            Path absolute = file.toAbsolutePath();
            prepare(absolute);
            String url = "jdbc:sqlite:" + absolute;
            Connection writer = null;
            try {
                refuseAnotherApplicationsFile(absolute, url);
                writer = DriverManager.getConnection(url, walConfig().toProperties());
                SqliteDialect.MIGRATIONS.migrate(writer, SqliteDialect.INSTANCE);
                HikariConfig pool = new HikariConfig();
                pool.setPoolName("importjobs-sqlite-readers");
                pool.setJdbcUrl(url);
                pool.setDataSourceProperties(walConfig().toProperties());
                pool.setMaximumPoolSize(readPoolSize);
                pool.setMinimumIdle(1);
                // SQLite connections do not go stale: keep them (and their prepared statements) for good.
                pool.setMaxLifetime(0);
                return new SqliteJobStore(writer, new HikariDataSource(pool));
            } catch (SQLException | RuntimeException e) {
                closeQuietly(writer, e);
                String explained = explain(absolute, e);
                if (explained == null && e instanceof StoreException storeException) {
                    throw storeException;
                }
                throw new StoreException(explained != null ? explained : "cannot open " + absolute
                        + " as an Import Jobs database: " + firstLine(e), e);
            }
        }

        /** The settings of the writer and of every reader: WAL, and these. */
        SQLiteConfig walConfig() {
            return config(busyTimeout, SQLiteConfig.JournalMode.WAL, durability);
        }

        /** Makes the file's missing directories; refuses a path that can never be a database file. */
        private static void prepare(Path file) {
            if (Files.isDirectory(file)) {
                throw new StoreException("cannot open " + file + ": it is a directory; name a file in it, such as "
                        + file.resolve("importjobs.db"));
            }
            Path parent = file.getParent();
            if (parent == null || Files.isDirectory(parent)) {
                return;
            }
            try {
                Files.createDirectories(parent);
            } catch (FileAlreadyExistsException e) {
                throw new StoreException("cannot open " + file + ": " + e.getFile()
                        + " is a file, not a directory; choose another path", e);
            } catch (IOException e) {
                throw new StoreException("cannot create the directory " + parent + " for " + file + " ("
                        + reason(e) + "); create it with write access for " + user() + ", or choose another path", e);
            }
        }

        /**
         * What SQLite's failure to open {@code file} means, in one line, and what to do; the driver's own
         * text ({@code [SQLITE_CANTOPEN] …}) names no cause a user can act on.
         */
        private static String explain(Path file, Exception e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SQLiteException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                return null;
            }
            int primary = ((SQLiteException) cause).getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
                return "cannot open " + file + ": it is not a SQLite database; move it away or choose another path";
            }
            if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_PERM.code
                    || primary == SQLiteErrorCode.SQLITE_READONLY.code) {
                return "cannot open " + file + ": SQLite cannot read and write it there; the file must be readable "
                        + "and writable, and its directory " + file.getParent() + " writable, by " + user();
            }
            if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return "cannot open " + file + ": the database is damaged; restore it from a backup";
            }
            return null;
        }

        private static String firstLine(Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        }

        private static String reason(IOException e) {
            return e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }

        private static String user() {
            return "the user running it (" + System.getProperty("user.name") + ")";
        }

        /**
         * Refuses a SQLite file that holds tables but not ours: migrating it would add our tables to another
         * program's database. It is read through a read-only connection that sets nothing (the writer's
         * {@code journal_mode=WAL} alone would rewrite the file's header), so a refused file is left exactly
         * as it was. A new or empty file passes, and so does one with our schema: a version we know and a
         * {@code jobs} table, or a version newer than we know, which the migrations then refuse with their
         * own message.
         */
        private void refuseAnotherApplicationsFile(Path absolute, String url) throws SQLException {
            try {
                if (!Files.exists(absolute) || Files.size(absolute) == 0) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true);
            readOnly.setBusyTimeout(millis(busyTimeout));
            try (Connection connection = DriverManager.getConnection(url, readOnly.toProperties());
                    Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery("SELECT count(*), coalesce(max(name = 'jobs'), 0) "
                            + "FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                tables.next();
                int version = SqliteDialect.INSTANCE.schemaVersion(connection);
                boolean known = version > 0 && version <= SqliteDialect.MIGRATIONS.latest();
                boolean foreign = tables.getInt(1) > 0 && (version == 0 || known && tables.getInt(2) == 0);
                if (foreign) {
                    throw new StoreException("cannot open " + absolute + ": it is another application's SQLite "
                            + "database (it has tables, but not Import Jobs' schema); give a new file or an "
                            + "Import Jobs database");
                }
            }
        }

        private static void closeQuietly(Connection connection, Exception cause) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }
}
