package dev.importjobs.storage.jdbc;

import java.sql.Statement;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            JdbcJobState state = new JdbcJobState(Statements.kept(empty), new JobRows.Row(1, 0, "x", JOB), null);
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

    /**
     * With an index known that no recorded chunk is above, a chunk above it is new and its resume walk ends at
     * once, without a read (the database here has no tables: a read would fail); a chunk at or below it is read.
     * The bound after the write follows from what was known or read, and stays unknown when a read found chunks
     * above.
     */
    @Test
    void aKnownHighestChunkAnswersChunksAboveItWithoutAReadAndIsCarriedToTheNextState() throws SQLException {
        try (Connection empty = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            JdbcJobState known = new JdbcJobState(Statements.kept(empty), new JobRows.Row(1, 0, "x", JOB), 5);
            assertFalse(known.run(current -> Modification.unchanged(current.isChunkRecorded(6))).result());
            assertEquals(7, known.run(current -> Modification.unchanged(current.firstUnrecordedChunk(7))).result());
            assertThrows(SQLException.class, () -> known.run(current -> Modification.unchanged(current.isChunkRecorded(5))));
            assertThrows(SQLException.class, () -> known.run(current -> Modification.unchanged(current.firstUnrecordedChunk(5))));
            assertEquals(6, known.recordedAtMostWith(6));
            assertEquals(5, known.recordedAtMostWith(2));
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE job_chunks (job_seq INTEGER, chunk_index INTEGER, PRIMARY KEY (job_seq, chunk_index))");
            s.execute("INSERT INTO job_chunks VALUES (1, 0), (1, 1), (1, 4)");
            JdbcJobState read = new JdbcJobState(Statements.kept(db), new JobRows.Row(1, 0, "x", JOB), null);
            assertFalse(read.run(current -> Modification.unchanged(current.isChunkRecorded(5))).result());
            assertEquals(5, read.recordedAtMostWith(5), "nothing at or above 5 was recorded");
            JdbcJobState below = new JdbcJobState(Statements.kept(db), new JobRows.Row(1, 0, "x", JOB), null);
            assertFalse(below.run(current -> Modification.unchanged(current.isChunkRecorded(2))).result());
            assertNull(below.recordedAtMostWith(2), "chunk 4 is above 2: the highest is not known from this read");
            assertTrue(below.run(current -> Modification.unchanged(current.isChunkRecorded(4))).result());
        }
    }
}
