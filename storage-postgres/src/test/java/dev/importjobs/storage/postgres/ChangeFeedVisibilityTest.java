package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a transaction that started first may commit last, so a feed position cannot be a counter
 * (docs/storage.md, "On PostgreSQL"): a reader following the feed must never pass a position that a
 * transaction still running may yet fill. Here one transaction holds an early position open while a later
 * one commits: the reader sees neither until the early one ends, and then both, in position order.
 */
class ChangeFeedVisibilityTest {
    private static final String ORG = "org_feed";

    @Test
    void aLaterCommitWaitsInTheFeedForAnEarlierTransactionStillRunning() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        try (PostgresJobStore store = database.store().poolSize(4).open(); Connection early = database.connect()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String first = create(jobs, "first.csv");
            String second = create(jobs, "second.csv");
            long start = store.changesSince(ORG, 0, 100, 0).latest();

            // An early transaction takes its id (its position) and holds it, as a slow write would.
            early.setAutoCommit(false);
            long earlyPosition;
            try (ResultSet rs = early.createStatement().executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
                rs.next();
                earlyPosition = rs.getLong(1);
            }
            jobs.update(new UpdateJobCommand(ORG, second, JobFields.builder().summary("later").build(), null));

            JobChanges meanwhile = store.changesSince(ORG, start, 100, 0);
            assertEquals(List.of(), meanwhile.changes(), "the later commit waits behind the running transaction");
            assertTrue(meanwhile.latest() < earlyPosition, "latest stays below the running transaction");

            // The early transaction now writes the first job at its own, lower position and commits.
            try (PreparedStatement write = early.prepareStatement(
                    "UPDATE jobs SET summary = 'early', feed_position = ? WHERE organization_id = ? AND id = ?")) {
                write.setLong(1, earlyPosition);
                write.setString(2, ORG);
                write.setString(3, first);
                assertEquals(1, write.executeUpdate());
            }
            early.commit();

            JobChanges after = store.changesSince(ORG, meanwhile.latest(), 100, 0);
            assertEquals(List.of(first, second), after.changes().stream().map(JobChange::jobId).toList(),
                    "both changes, the earlier position first: nothing the reader passed is missed");
            assertTrue(after.changes().get(0).position() < after.changes().get(1).position());
            assertEquals("early", after.changes().get(0).job().summary());
            assertEquals("later", after.changes().get(1).job().summary());
        }
    }

    private static String create(ImportJobs jobs, String file) {
        return jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u").fileName(file).build()))
                .job().id();
    }
}
