package dev.importjobs.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.DuplicateIdempotencyKeyException;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.spi.LineErrorSlice;
import dev.importjobs.core.spi.Modification;
import dev.importjobs.core.spi.Modified;
import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.spi.StoredCreate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@link dev.importjobs.core.spi.JobStore} on SQLite.
 *
 * <p>Writes go through one connection, one at a time (an in-process lock, then {@code BEGIN IMMEDIATE},
 * so no writer ever waits inside SQLite for another of ours and no {@code database is locked} reaches a
 * caller; the busy timeout covers other processes). Reads use a small HikariCP pool of their own
 * connections; in WAL mode they read a snapshot and never wait for the writer. Commits are
 * {@code synchronous=FULL}: an acknowledged write survives a crash of the process or the machine.
 *
 * <pre>{@code
 * try (SqliteJobStore store = SqliteJobStore.open(Path.of("importjobs.db"))) { … }
 * }</pre>
 */
public final class SqliteJobStore implements JobStore {
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    /** The writer's statements, prepared once: used only under {@link #writeLock}. */
    private final Statements writerStatements;
    private final HikariDataSource readers;
    /**
     * Each reader connection's statements, kept like the writer's: by physical connection, which the pool
     * lends to one thread at a time. An entry goes when its connection has been closed.
     */
    private final Map<Connection, Statements> readerStatements = new ConcurrentHashMap<>();

    private SqliteJobStore(Connection writer, HikariDataSource readers) {
        this.writer = writer;
        this.writerStatements = Statements.kept(writer);
        this.readers = readers;
    }

    /** Opens (creating if missing, migrating if old) the database file with default settings. */
    public static SqliteJobStore open(Path file) {
        return builder(file).open();
    }

    /** A private in-memory database: one connection for everything, gone on close. */
    public static SqliteJobStore inMemory() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:",
                    config(Duration.ZERO, SQLiteConfig.JournalMode.MEMORY).toProperties());
            Schema.migrate(connection);
            return new SqliteJobStore(connection, null);
        } catch (SQLException e) {
            throw new StoreException("cannot open an in-memory SQLite database", e);
        }
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    @Override
    public void insert(ImportJob job, String createFingerprint) {
        write(c -> {
            insertRow(c, job, createFingerprint);
            return null;
        });
    }

    private static void insertRow(Statements c, ImportJob job, String createFingerprint) throws SQLException {
        long seq;
        try (PreparedStatement statement = c.connection().prepareStatement(JobRows.INSERT,
                Statement.RETURN_GENERATED_KEYS)) {
            JobRows.bind(statement, job, job.errorReport().size());
            statement.setString(JobRows.AFTER_WRITTEN, createFingerprint);
            executeKeyed(statement, job);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
        }
        LineErrorRows.append(c, seq, job.errorReport());
    }

    @Override
    public Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
        return read(c -> {
            Optional<JobRows.Row> row = findRow(c, "WHERE id = ? AND organization_id = ?", id, organizationId);
            return row.isEmpty() ? Optional.empty() : Optional.of(withLineErrors(c, row.get(), lineErrorLimit));
        });
    }

    @Override
    public Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey,
            int lineErrorLimit) {
        return read(c -> {
            Optional<JobRows.Row> row = findRow(c, "WHERE organization_id = ? AND idempotency_key = ?",
                    organizationId, idempotencyKey);
            return row.isEmpty() ? Optional.empty()
                    : Optional.of(new StoredCreate(withLineErrors(c, row.get(), lineErrorLimit),
                            row.get().createFingerprint()));
        });
    }

    @Override
    public <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification) {
        return write(c -> {
            Optional<JobRows.Row> found = findRow(c, "WHERE id = ? AND organization_id = ?", id, organizationId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JobRows.Row row = found.get();
            Modification<R> outcome = modification.apply(new SqliteJobState(c, row));
            if (!outcome.changesJob()) {
                return Optional.of(new Modified<>(withLineErrors(c, row, lineErrorLimit), outcome.result()));
            }
            long lineErrors = row.lineErrorCount() - LineErrorRows.delete(c, row.seq(), outcome.replacedSeverities());
            LineErrorRows.append(c, row.seq(), outcome.appendedLineErrors());
            lineErrors += outcome.appendedLineErrors().size();
            PreparedStatement update = JobRows.updateChanged(c, row.seq(), row.job(), row.lineErrorCount(),
                    outcome.job(), lineErrors);
            if (update != null) {
                executeKeyed(update, outcome.job());
            }
            if (outcome.recordedChunk() != null) {
                PreparedStatement statement = c.prepare("INSERT INTO job_chunks (job_seq, chunk_index) VALUES (?, ?)");
                statement.setLong(1, row.seq());
                statement.setInt(2, outcome.recordedChunk());
                statement.executeUpdate();
            }
            JobRows.Row written = new JobRows.Row(row.seq(), lineErrors, row.createFingerprint(), outcome.job());
            return Optional.of(new Modified<>(withLineErrors(c, written, lineErrorLimit), outcome.result()));
        });
    }

    @Override
    public boolean delete(String organizationId, String id) {
        return write(c -> {
            PreparedStatement statement = c.prepare("DELETE FROM jobs WHERE id = ? AND organization_id = ?");
            statement.setString(1, id);
            statement.setString(2, organizationId);
            return statement.executeUpdate() > 0;
        });
    }

    @Override
    public JobSlice list(JobListing listing) {
        return read(c -> {
            long total = Listings.total(c, listing.organizationId(), listing.filter());
            List<JobRows.Row> rows = Listings.page(c, listing);
            Map<Long, List<LineError>> previews = LineErrorRows.firstOfEach(c, withLineErrors(rows),
                    listing.lineErrorPreview());
            List<ImportJob> items = new ArrayList<>(rows.size());
            for (JobRows.Row row : rows) {
                items.add(withLineErrors(row, previews.getOrDefault(row.seq(), List.of())));
            }
            return new JobSlice(items, total);
        });
    }

    @Override
    public Optional<LineErrorSlice> listLineErrors(String organizationId, String id, Set<Severity> severities,
            long offset, int limit) {
        return read(c -> {
            Optional<Long> seq = jobSeq(c, organizationId, id);
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<LineError> lines = new ArrayList<>();
            LineErrorRows.page(c, seq.get(), severities, offset, limit, lines::add);
            return Optional.of(new LineErrorSlice(lines, LineErrorRows.count(c, seq.get(), severities)));
        });
    }

    @Override
    public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
            Consumer<LineError> sink) {
        return read(c -> {
            Optional<Long> seq = jobSeq(c, organizationId, id);
            if (seq.isPresent()) {
                LineErrorRows.page(c, seq.get(), severities, 0, Long.MAX_VALUE, sink);
            }
            return seq.isPresent();
        });
    }

    @Override
    public void ping() {
        read(c -> {
            try (ResultSet rs = c.prepare("SELECT 1").executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Checkpoints the WAL into the database file and closes every connection. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (readers != null) {
                readers.close(); // closes the reader connections and with them their statements
                readerStatements.clear();
            }
            if (!writer.isClosed()) {
                writerStatements.closeAll();
                try (Statement statement = writer.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                writer.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing the SQLite store failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    private static Optional<JobRows.Row> findRow(Statements c, String where, String first, String second)
            throws SQLException {
        PreparedStatement statement = c.prepare(JobRows.SELECT + where);
        statement.setString(1, first);
        statement.setString(2, second);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(JobRows.read(rs)) : Optional.empty();
        }
    }

    private static Optional<Long> jobSeq(Statements c, String organizationId, String id) throws SQLException {
        PreparedStatement statement = c.prepare("SELECT seq FROM jobs WHERE id = ? AND organization_id = ?");
        statement.setString(1, id);
        statement.setString(2, organizationId);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The row's job carrying up to {@code limit} line errors; no query when it has none. */
    private static ImportJob withLineErrors(Statements c, JobRows.Row row, int limit) throws SQLException {
        if (row.lineErrorCount() == 0 || limit == 0) {
            return withLineErrors(row, List.of());
        }
        return withLineErrors(row, LineErrorRows.first(c, row.seq(), limit));
    }

    private static ImportJob withLineErrors(JobRows.Row row, List<LineError> lines) {
        return row.job().withErrorReport(lines, row.lineErrorCount() > lines.size());
    }

    /** The seqs of the rows that have line errors. */
    private static List<Long> withLineErrors(List<JobRows.Row> rows) {
        List<Long> seqs = new ArrayList<>();
        for (JobRows.Row row : rows) {
            if (row.lineErrorCount() > 0) {
                seqs.add(row.seq());
            }
        }
        return seqs;
    }

    private static void executeKeyed(PreparedStatement statement, ImportJob job) throws SQLException {
        try {
            statement.executeUpdate();
        } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    && e.getMessage().contains("idempotency_key")) {
                throw new DuplicateIdempotencyKeyException(job.organizationId(), job.idempotencyKey());
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Statements statements) throws SQLException;
    }

    /** One write transaction on the writer connection; a thrown exception rolls it back and propagates. */
    private <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            return inTransaction(writerStatements, "BEGIN IMMEDIATE", work);
        } catch (SQLException e) {
            throw new StoreException("SQLite write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** One read transaction: every query in it sees the same snapshot. */
    private <T> T read(SqlWork<T> work) {
        if (readers == null) {
            return write(work);
        }
        try (Connection connection = readers.getConnection()) {
            return inTransaction(readerStatements(connection), "BEGIN", work);
        } catch (SQLException e) {
            throw new StoreException("SQLite read failed", e);
        }
    }

    /** The kept statements of the physical connection behind a pooled one. */
    private Statements readerStatements(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(SQLiteConnection.class);
        Statements statements = readerStatements.get(physical);
        if (statements == null) {
            readerStatements.keySet().removeIf(SqliteJobStore::isClosed);
            statements = Statements.kept(physical);
            readerStatements.put(physical, statements);
        }
        return statements;
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static <T> T inTransaction(Statements statements, String begin, SqlWork<T> work) throws SQLException {
        statements.prepare(begin).execute();
        T result;
        try {
            result = work.run(statements);
        } catch (SQLException | RuntimeException | Error e) {
            statements.prepare("ROLLBACK").execute();
            throw e;
        }
        statements.prepare("COMMIT").execute();
        return result;
    }

    private static SQLiteConfig config(Duration busyTimeout, SQLiteConfig.JournalMode journalMode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(journalMode);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        return config;
    }

    /** Settings for {@link SqliteJobStore#open}; every one has a sensible default. */
    public static final class Builder {
        private final Path file;
        private int readPoolSize = 4;
        private Duration busyTimeout = Duration.ofSeconds(10);

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
         * Opens the store: creates the file and its schema if missing, migrates an older schema, refuses
         * a newer one.
         *
         * @throws StoreException when the file cannot be opened as an Import Jobs database
         */
        public SqliteJobStore open() {
            Path absolute = file.toAbsolutePath();
            Path parent = absolute.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new StoreException("cannot open " + absolute + ": directory " + parent + " does not exist");
            }
            String url = "jdbc:sqlite:" + absolute;
            Connection writer = null;
            try {
                writer = DriverManager.getConnection(url, config(busyTimeout, SQLiteConfig.JournalMode.WAL).toProperties());
                Schema.migrate(writer);
                HikariConfig pool = new HikariConfig();
                pool.setPoolName("importjobs-sqlite-readers");
                pool.setJdbcUrl(url);
                pool.setDataSourceProperties(config(busyTimeout, SQLiteConfig.JournalMode.WAL).toProperties());
                pool.setMaximumPoolSize(readPoolSize);
                pool.setMinimumIdle(1);
                // SQLite connections do not go stale: keep them (and their prepared statements) for good.
                pool.setMaxLifetime(0);
                return new SqliteJobStore(writer, new HikariDataSource(pool));
            } catch (SQLException | RuntimeException e) {
                closeQuietly(writer, e);
                if (e instanceof StoreException storeException) {
                    throw storeException;
                }
                throw new StoreException("cannot open " + absolute + " as an Import Jobs database: "
                        + e.getMessage(), e);
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
