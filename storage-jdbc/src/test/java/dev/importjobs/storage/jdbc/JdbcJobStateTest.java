package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.Modification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A query that fails while core's modification asks about the job must reach the transaction policy as
 * the {@link SQLException} it was, or a policy could not tell a retryable conflict from a broken database.
 */
class JdbcJobStateTest {
    private static final ImportJob JOB = ImportJob.builder().id("0123456789abcdef01234567").organizationId("org_1")
            .createdBy(new CreatedBy("user_1", null, null, null, null, null)).status(JobStatus.PENDING)
            .file(new FileInfo("f.csv", null, null, null, null, null, null, null, null))
            .counters(Counters.ZERO).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH)
            .version(1).build();

    @Test
    void aFailedChunkQueryLeavesTheModificationAsItsSqlException() throws SQLException {
        try (Connection empty = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            JdbcJobState state = new JdbcJobState(Statements.kept(empty), new JobRows.Row(1, 0, "x", JOB));
            SQLException chunk = assertThrows(SQLException.class, () -> state.run(current ->
                    Modification.unchanged(current.isChunkRecorded(0))));
            assertTrue(chunk.getMessage().contains("job_chunks"), chunk.getMessage());
            SQLException resume = assertThrows(SQLException.class, () -> state.run(current ->
                    Modification.unchanged(current.firstUnrecordedChunk(3))));
            assertTrue(resume.getMessage().contains("job_chunks"), resume.getMessage());
            SQLException lines = assertThrows(SQLException.class, () -> state.run(current ->
                    Modification.unchanged(current.lineErrorCount(Set.of(Severity.ERROR)))));
            assertTrue(lines.getMessage().contains("line_errors"), lines.getMessage());
        }
    }
}
