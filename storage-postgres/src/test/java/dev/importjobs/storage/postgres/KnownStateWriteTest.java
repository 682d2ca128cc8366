package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store writes the next chunk of a job it alone writes from the state it kept, without reading the row first,
 * and the row's version decides whether that state is still the job's (docs/storage.md#writes-from-the-known-state).
 * Two stores over one database stand for two nodes.
 */
class KnownStateWriteTest {
    private static final String ORG = "org_known";
    private static final long ROWS = 500;

    /**
     * Observed through the database's permissions: once the job's first chunk is in, the store's role loses the
     * right to read {@code create_fingerprint}, which the read of a row to change selects and the update of a
     * known state does not touch. The next chunk through the same store still goes in, its line errors numbered
     * after the first chunk's; a store that knows nothing of the job, with the same role, fails on that read,
     * which shows the read would have failed.
     */
    @Test
    void theNextChunkOfAJobThisStoreWroteLastGoesInWithoutReadingTheRow() throws SQLException {
        TestDatabase database = TestPostgres.server().newDatabase();
        String role = "known_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database.store().open().close(); // makes the schema, as its owner
        try (Connection admin = database.connect()) {
            execute(admin, "CREATE ROLE " + role + " LOGIN PASSWORD 'known'");
            try {
                execute(admin, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
                execute(admin, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
                try (PostgresJobStore store = PostgresJobStore.builder(database.url()).user(role).password("known")
                        .open();
                        PostgresJobStore unknowing = PostgresJobStore.builder(database.url()).user(role)
                                .password("known").open()) {
                    ImportJobs jobs = ImportJobs.builder(store).build();
                    String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1")
                            .fileName("f.csv").build())).job().id();
                    jobs.recordChunk(chunk(id, 0, 10, 11));

                    execute(admin, "REVOKE SELECT ON jobs FROM " + role);
                    execute(admin, "GRANT SELECT (" + String.join(", ", columnsBut(admin, "create_fingerprint"))
                            + ") ON jobs TO " + role);

                    ImportJob after = jobs.recordChunk(chunk(id, 1, 20, 21, 22)).job();
                    assertEquals(2 * ROWS, after.counters().processedRows());
                    assertEquals(5, after.counters().errorCount());
                    assertEquals(1, after.lastProcessedChunkIndex());
                    assertEquals(List.of(10L, 11L, 20L, 21L, 22L), after.errorReport().stream().map(LineError::line)
                            .toList());

                    ImportJobs others = ImportJobs.builder(unknowing).build();
                    StoreException refused = assertThrows(StoreException.class,
                            () -> others.recordChunk(RecordChunkCommand.of(ORG, id, 2, ROWS)));
                    assertTrue(refused.getMessage().contains("permission denied for table jobs"),
                            refused.getMessage());
                }
                assertEquals(2 * ROWS, single(admin, "SELECT processed_rows FROM jobs"));
                assertEquals(2, single(admin, "SELECT COUNT(*) FROM job_chunks"));
                assertEquals(5, single(admin, "SELECT line_error_count FROM jobs"));
                assertEquals("1:10 2:11 3:20 4:21 5:22", text(admin,
                        "SELECT string_agg(seq || ':' || line, ' ' ORDER BY seq) FROM line_errors"));
            } finally {
                execute(admin, "DROP OWNED BY " + role);
                execute(admin, "DROP ROLE " + role);
            }
        }
    }

    /** A chunk of {@link #ROWS} rows with an error line at each of {@code lines}. */
    private static RecordChunkCommand chunk(String id, int index, long... lines) {
        List<LineError> errors = new ArrayList<>();
        for (long line : lines) {
            errors.add(new LineError(line, Severity.ERROR, "sku", "invalid", "line " + line + " is wrong", "x"));
        }
        return RecordChunkCommand.builder(ORG, id).chunkIndex(index).rows(ROWS).successCount(ROWS - lines.length)
                .errorCount((long) lines.length).errors(errors).build();
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> columnsBut(Connection c, String excluded) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT column_name FROM "
                + "information_schema.columns WHERE table_name = 'jobs' AND table_schema = current_schema()")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(excluded)) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
