package dev.importjobs.bench;

import dev.importjobs.storage.postgres.PostgresJobStore;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * A listing dataset on our schema (shared by the {@code importjobs} and {@code rawJdbc} competitors): the
 * schema as {@link SqliteJobStore} or {@link PostgresJobStore} makes it, rows written by batched INSERTs (the
 * per-organization counts follow through SQLite's triggers, and are counted once on PostgreSQL), one
 * transaction per {@link Datasets#BATCH} jobs.
 */
final class ImportJobsDataset {
    private static final String INSERT_JOB = "INSERT INTO jobs (seq, id, organization_id, status, action, "
            + "created_by_id, file_name, file_mimetype, file_size, create_fingerprint, config, total_rows, "
            + "processed_rows, success_count, insert_count, update_count, skip_count, warning_count, error_count, "
            + "last_processed_chunk_index, error, error_report_truncated, line_error_count, started_at, "
            + "completed_at, created_at, updated_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'text/csv', ?, ?, '{\"delimiter\":\",\"}', ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 0, ?, "
            + "?, ?, ?, ?, ?)";
    private static final String INSERT_LINE_ERROR = "INSERT INTO line_errors (job_seq, seq, severity, line, "
            + "column_name, code, message, value) VALUES (?, ?, 'error', ?, 'price', 'E_NUMBER', "
            + "'price must be a number', 'abc')";

    private static volatile Integer schemaVersion;
    private static volatile Integer postgresSchemaVersion;

    private ImportJobsDataset() {
    }

    /** The dataset of {@code jobs} jobs, made on first use. */
    static Path get(int jobs) {
        return Datasets.get("importjobs-s" + schemaVersion(), jobs, ImportJobsDataset::seed);
    }

    /** The store's schema version names the dataset, so a migration never meets an old file. */
    private static int schemaVersion() {
        if (schemaVersion == null) {
            Path probe = Datasets.directory().resolve("schema-probe.db");
            Datasets.deleteDatabase(probe);
            SqliteJobStore.open(probe).close();
            try (Connection c = Sqlite.open(probe, new org.sqlite.SQLiteConfig());
                    Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                rs.next();
                schemaVersion = rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                Datasets.deleteDatabase(probe);
            }
        }
        return schemaVersion;
    }

    /** The same dataset on the embedded PostgreSQL: the name of its database, made on first use. */
    static String onPostgres(int jobs) {
        return Datasets.database("importjobs-s" + postgresSchemaVersion(), jobs, ImportJobsDataset::seed);
    }

    /** As {@link #schemaVersion()}, for the PostgreSQL store's schema. */
    private static int postgresSchemaVersion() {
        if (postgresSchemaVersion == null) {
            String probe = "schema_probe";
            try {
                Postgres.create(probe);
                PostgresJobStore.builder(Postgres.url(probe)).poolSize(1).open().close();
                try (Connection c = Postgres.connect(probe); Statement statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT version FROM importjobs_schema_version")) {
                    rs.next();
                    postgresSchemaVersion = rs.getInt(1);
                }
                Postgres.drop(probe);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return postgresSchemaVersion;
    }

    private static void seed(Path file, SyntheticJobs jobs) throws SQLException {
        SqliteJobStore.open(file).close(); // the schema, exactly as the store makes and migrates it
        try (Connection c = Sqlite.openForSeeding(file)) {
            insertRows(c, jobs);
            Datasets.finish(c);
        }
    }

    private static void seed(String database, SyntheticJobs jobs) throws SQLException {
        PostgresJobStore.builder(Postgres.url(database)).poolSize(1).open().close(); // the schema as the store makes it
        try (Connection c = Postgres.connectForSeeding(database); Statement s = c.createStatement()) {
            insertRows(c, jobs);
            // The store keeps the counts as it writes (SQLite's schema keeps them by triggers): seeded rows are
            // counted once, here. The generated seq continues after the seeded ones.
            s.execute("INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n) "
                    + "SELECT organization_id, status, COALESCE('=' || action, ''), created_by_id, COUNT(*) FROM jobs "
                    + "GROUP BY organization_id, status, COALESCE('=' || action, ''), created_by_id");
            s.execute("INSERT INTO job_status_counts (organization_id, status, n) "
                    + "SELECT organization_id, status, COUNT(*) FROM jobs GROUP BY organization_id, status");
            s.execute("SELECT setval(pg_get_serial_sequence('jobs', 'seq'), (SELECT MAX(seq) FROM jobs))");
            s.execute("VACUUM ANALYZE");
        }
    }

    /** The rows, one transaction per {@link Datasets#BATCH} jobs, on a connection in auto-commit mode. */
    private static void insertRows(Connection c, SyntheticJobs jobs) throws SQLException {
        long start = System.nanoTime();
        try (Statement tx = c.createStatement();
                PreparedStatement job = c.prepareStatement(INSERT_JOB);
                PreparedStatement line = c.prepareStatement(INSERT_LINE_ERROR)) {
            tx.execute("BEGIN");
            for (int i = 0; i < jobs.total(); i++) {
                bindJob(job, jobs, i);
                job.addBatch();
                for (int k = 1; k <= SyntheticJobs.lineErrors(i); k++) {
                    line.setLong(1, i + 1L);
                    line.setLong(2, k);
                    line.setLong(3, 10L * k + i % 10);
                    line.addBatch();
                }
                if ((i + 1) % Datasets.BATCH == 0 || i + 1 == jobs.total()) {
                    job.executeBatch();
                    line.executeBatch();
                    tx.execute("COMMIT");
                    Datasets.progress("importjobs", i + 1, jobs.total(), start);
                    tx.execute("BEGIN");
                }
            }
            tx.execute("COMMIT");
        }
    }

    private static void bindJob(PreparedStatement s, SyntheticJobs jobs, int i) throws SQLException {
        int p = 1;
        s.setLong(p++, i + 1L);
        s.setString(p++, SyntheticJobs.id(i));
        s.setString(p++, jobs.organizationOf(i));
        s.setString(p++, SyntheticJobs.status(i));
        s.setString(p++, SyntheticJobs.action(i));
        s.setString(p++, SyntheticJobs.createdBy(i));
        s.setString(p++, SyntheticJobs.fileName(i));
        s.setLong(p++, SyntheticJobs.totalRows(i) * 80);
        s.setString(p++, "seeded-" + i);
        s.setLong(p++, SyntheticJobs.totalRows(i));
        s.setLong(p++, SyntheticJobs.processedRows(i));
        s.setLong(p++, SyntheticJobs.successCount(i));
        s.setLong(p++, SyntheticJobs.insertCount(i));
        s.setLong(p++, SyntheticJobs.updateCount(i));
        s.setLong(p++, SyntheticJobs.errorCount(i));
        setLong(s, p++, SyntheticJobs.lastChunk(i));
        s.setString(p++, SyntheticJobs.status(i).equals("failed") ? "worker lost its connection" : null);
        s.setLong(p++, SyntheticJobs.lineErrors(i));
        setLong(s, p++, SyntheticJobs.startedAt(i));
        setLong(s, p++, SyntheticJobs.completedAt(i));
        s.setLong(p++, SyntheticJobs.createdAt(i));
        s.setLong(p++, SyntheticJobs.updatedAt(i));
        s.setLong(p, 3);
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, value);
        }
    }
}
