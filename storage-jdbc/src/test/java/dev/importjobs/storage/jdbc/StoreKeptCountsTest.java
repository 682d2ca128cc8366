package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store-kept counts are portable SQL: here on SQLite, with no triggers and no row lock, each hook moves
 * exactly one job between rows of {@code job_counts}, and of {@code job_status_counts} when its status changes.
 * (On PostgreSQL, where both are added to in one statement, the store's contract suite checks them through every
 * listing total.)
 */
class StoreKeptCountsTest {
    private final StoreKeptCounts counts = new StoreKeptCounts("", false);
    private Connection connection;
    private Statements statements;

    @BeforeEach
    void schema() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE jobs (id TEXT, organization_id TEXT, status TEXT, action TEXT, created_by_id TEXT)");
            s.execute("CREATE TABLE job_counts (organization_id TEXT NOT NULL, status TEXT NOT NULL, "
                    + "action_key TEXT NOT NULL, created_by_id TEXT NOT NULL, n INTEGER NOT NULL, "
                    + "PRIMARY KEY (organization_id, status, action_key, created_by_id))");
            s.execute("CREATE TABLE job_status_counts (organization_id TEXT NOT NULL, status TEXT NOT NULL, "
                    + "n INTEGER NOT NULL, PRIMARY KEY (organization_id, status))");
        }
        statements = Statements.kept(connection);
    }

    @AfterEach
    void close() throws SQLException {
        statements.closeAll();
        connection.close();
    }

    @Test
    void insertsCountUnderTheJobsStatusActionAndCreator() throws SQLException {
        counts.inserted(statements, job("a", JobStatus.PENDING, null, "u1"));
        counts.inserted(statements, job("b", JobStatus.PENDING, null, "u1"));
        counts.inserted(statements, job("c", JobStatus.PENDING, "import-users", "u1"));

        assertEquals(Map.of("pending||u1", 2L, "pending|=import-users|u1", 1L), rows());
        assertEquals(Map.of("pending", 3L), statusRows());
    }

    @Test
    void aChangeMovesTheJobFromOneRowToAnotherInEitherOrder() throws SQLException {
        ImportJob pending = job("a", JobStatus.PENDING, null, "u1");
        ImportJob running = job("a", JobStatus.IN_PROGRESS, null, "u1");
        counts.inserted(statements, pending);

        counts.changed(statements, pending, running);
        assertEquals(Map.of("pending||u1", 0L, "inProgress||u1", 1L), rows());
        assertEquals(Map.of("pending", 0L, "inProgress", 1L), statusRows());

        ImportJob relabelled = job("a", JobStatus.IN_PROGRESS, "again", "u2");
        counts.changed(statements, running, relabelled);
        assertEquals(Map.of("pending||u1", 0L, "inProgress||u1", 0L, "inProgress|=again|u2", 1L), rows());
        assertEquals(Map.of("pending", 0L, "inProgress", 1L), statusRows(), "the same status: its row stays");
    }

    @Test
    void aChangeOfOtherFieldsLeavesTheCounts() throws SQLException {
        ImportJob job = job("a", JobStatus.PENDING, "x", "u1");
        counts.inserted(statements, job);

        counts.changed(statements, job, job.toBuilder().summary("half done").version(2).build());

        assertEquals(Map.of("pending|=x|u1", 1L), rows());
        assertEquals(Map.of("pending", 1L), statusRows());
    }

    @Test
    void aDeleteTakesTheStoredJobAwayAndAMissingOneNothing() throws SQLException {
        ImportJob job = job("a", JobStatus.FAILED, "x", "u1");
        counts.inserted(statements, job);
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO jobs VALUES ('a', 'org_1', 'failed', 'x', 'u1')");
        }

        counts.deleting(statements, "org_1", "a");
        counts.deleting(statements, "org_1", "missing");
        counts.deleting(statements, "org_2", "a");

        assertEquals(Map.of("failed|=x|u1", 0L), rows());
        assertEquals(Map.of("failed", 0L), statusRows());
    }

    @Test
    void aBatchOfDeletesTakesEachKeysJobsAwayOnceAndMissingOnesNothing() throws SQLException {
        for (String[] job : List.of(new String[] {"a", "x"}, new String[] {"b", "y"}, new String[] {"c", "x"})) {
            counts.inserted(statements, job(job[0], JobStatus.FAILED, job[1], "u1"));
            try (Statement s = connection.createStatement()) {
                s.execute("INSERT INTO jobs VALUES ('" + job[0] + "', 'org_1', 'failed', '" + job[1] + "', 'u1')");
            }
        }
        counts.inserted(statements, job("d", JobStatus.FAILED, "x", "u1"));

        counts.deletingAll(statements, List.of(new CountsUpkeep.Job("org_1", "c"), new CountsUpkeep.Job("org_1", "b"),
                new CountsUpkeep.Job("org_1", "missing"), new CountsUpkeep.Job("org_1", "a")));

        assertEquals(Map.of("failed|=x|u1", 1L, "failed|=y|u1", 0L), rows());
        assertEquals(Map.of("failed", 1L), statusRows());
    }

    /** org_1's rows of {@code job_counts}, by {@code status|action_key|created_by_id}. */
    private Map<String, Long> rows() throws SQLException {
        return counts("status || '|' || action_key || '|' || created_by_id", "job_counts");
    }

    /** org_1's rows of {@code job_status_counts}, by status. */
    private Map<String, Long> statusRows() throws SQLException {
        return counts("status", "job_status_counts");
    }

    private Map<String, Long> counts(String key, String table) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT " + key + ", n FROM " + table + " WHERE organization_id = 'org_1'");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static ImportJob job(String id, JobStatus status, String action, String createdBy) {
        return ImportJob.builder().id(id).organizationId("org_1").status(status).action(action)
                .createdBy(new CreatedBy(createdBy, null, null, null, null, null))
                .file(new FileInfo("f.csv", null, null, null, null, null, null, null, null))
                .counters(Counters.ZERO).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).version(1).build();
    }
}
