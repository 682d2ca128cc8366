package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the change feed does on a SQLite file beyond the contract (docs/storage.md#the-change-feed): two
 * stores open on one file, as two server processes would be, follow one feed; and changes that share a
 * position, as one transaction's changes may, are never split between reads.
 */
class ChangeFeedTest {
    private static final String ORG = "org_123";

    @TempDir
    Path dir;

    private static String create(ImportJobs jobs, String fileName) {
        return jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u").fileName(fileName).build()))
                .job().id();
    }

    private static List<String> ids(JobChanges read) {
        return read.changes().stream().map(JobChange::jobId).toList();
    }

    @Test
    void twoStoresOnOneFileFollowOneFeed() {
        Path file = dir.resolve("jobs.db");
        try (SqliteJobStore first = SqliteJobStore.open(file); SqliteJobStore second = SqliteJobStore.open(file)) {
            ImportJobs one = ImportJobs.builder(first).build();
            ImportJobs two = ImportJobs.builder(second).build();
            String a = create(one, "a.csv");
            long mark = two.changesSince(ORG, 0, 10).latest();
            String b = create(two, "b.csv");
            one.recordChunk(RecordChunkCommand.of(ORG, a, 0, 5));

            JobChanges seenByTwo = two.changesSince(ORG, mark, 10);
            JobChanges seenByOne = one.changesSince(ORG, mark, 10);

            assertEquals(List.of(b, a), ids(seenByTwo));
            assertEquals(5, seenByTwo.changes().get(1).job().counters().processedRows());
            assertEquals(seenByOne, seenByTwo);
            assertTrue(seenByTwo.changes().get(0).position() > mark);
        }
    }

    @Test
    void changesSharingAPositionAreReadTogether() throws SQLException {
        Path file = dir.resolve("jobs.db");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String a = create(jobs, "a.csv");
            String b = create(jobs, "b.csv");
            String c = create(jobs, "c.csv");
            long shared = jobs.changesSince(ORG, 0, 1).changes().get(0).position();
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                    PreparedStatement move = connection.prepareStatement(
                            "UPDATE jobs SET feed_position = ? WHERE id = ?");
                    PreparedStatement deletion = connection.prepareStatement(
                            "INSERT INTO job_deletions (organization_id, feed_position, id) VALUES (?, ?, ?)")) {
                move.setLong(1, shared);
                move.setString(2, b);
                move.executeUpdate();
                deletion.setString(1, ORG);
                deletion.setLong(2, shared);
                deletion.setString(3, "0123456789abcdef01234567");
                deletion.executeUpdate();
            }

            JobChanges first = jobs.changesSince(ORG, 0, 1);

            assertEquals(3, first.changes().size(), "one transaction's changes come together: " + first);
            assertEquals(Set.of(a, b, "0123456789abcdef01234567"), Set.copyOf(ids(first)));
            assertTrue(first.changes().stream().allMatch(change -> change.position() == shared));
            assertTrue(first.more());
            assertEquals(shared, first.next());
            JobChanges rest = jobs.changesSince(ORG, first.next(), 1);
            assertEquals(List.of(c), ids(rest));
            assertFalse(rest.more());
        }
    }
}
