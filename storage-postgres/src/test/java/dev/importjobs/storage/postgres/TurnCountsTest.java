package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.core.testkit.Await;
import dev.importjobs.core.testkit.MutableClock;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import dev.importjobs.storage.postgres.testkit.Waits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A turn whose writes go one by one and move the job between several rows of counts changes the counts once,
 * from the job before the turn to the job after it (docs/storage.md#one-jobs-writes-together). Applied write by
 * write, the turn would hold the rows of its first move while it waits for those of its second, out of the fixed
 * order the counts' rows are taken in, and another transaction taking rows in that order could wait on it while it
 * waits on that transaction: a deadlock.
 */
class TurnCountsTest {
    private static final String ORG = "org_turn_counts";

    /**
     * One job's action goes {@code b → c → a} in one turn (two updates that replace line errors, so they go one
     * by one), while another transaction holds the row of counts of action {@code a}. The turn waits for that row
     * holding no other row of counts: the other transaction can still take the row of {@code b} at once
     * ({@code NOWAIT}). Then every total equals the jobs really there.
     */
    @Test
    void aTurnMovingAJobTwiceWaitsForItsFirstRowOfCountsHoldingNoOther() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (PostgresJobStore store = database.store().poolSize(4).open(); Connection holder = database.connect();
                Connection other = database.connect(); Connection probe = database.connect()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String moved = create(jobs, "b");
            create(jobs, "a");

            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT seq FROM jobs WHERE id = ? FOR UPDATE")) {
                lock.setString(1, moved);
                lock.executeQuery().close();
            }
            Future<ImportJob> first = pool.submit(() -> jobs.update(new UpdateJobCommand(ORG, moved,
                    JobFields.builder().fileName("renamed.csv").build(), null)));
            Await.until(() -> Waits.blockedBy(probe, holder) == 1, "the store's first write waits for the job's row",
                    Duration.ofSeconds(30));
            Future<ImportJob> toC = pool.submit(() -> jobs.update(moveTo(moved, "c")));
            Await.until(() -> Waits.waitingForTurn() == 1, "the move to c waits for the job's turn", Duration.ofSeconds(30));
            Future<ImportJob> toA = pool.submit(() -> jobs.update(moveTo(moved, "a")));
            Await.until(() -> Waits.waitingForTurn() == 2, "the move to a waits behind it", Duration.ofSeconds(30));

            holdCounts(other, "=a");
            holder.commit();
            assertWaitsHoldingNoOther(probe, other, "the turn of both moves", "=b");

            assertEquals("renamed.csv", first.get(30, TimeUnit.SECONDS).file().originalName());
            assertEquals("c", toC.get(30, TimeUnit.SECONDS).action());
            ImportJob last = toA.get(30, TimeUnit.SECONDS);
            assertEquals("a", last.action());
            assertEquals(List.of("moved to a"), last.errorReport().stream().map(LineError::message).toList());
            assertEquals(countedRows(probe), counts(probe));
            assertEquals(Map.of("=a", 2L), counts(probe));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A batch of retention deletes a failed job of action {@code x}, then one of action {@code a} (the order they
     * ended in), while another transaction holds the row of counts of {@code a}. The batch waits for that row
     * holding no other row of counts: it takes the whole batch's rows in the fixed order, {@code a} before
     * {@code x}, not job by job. Then both are gone and every total is zero.
     */
    @Test
    void aRetentionBatchWaitsForItsFirstRowOfCountsHoldingNoOther() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PostgresJobStore store = database.store().poolSize(2).open(); Connection other = database.connect();
                Connection probe = database.connect()) {
            ImportJobs jobs = ImportJobs.builder(store).clock(clock).build();
            for (String action : List.of("x", "a")) {
                String id = create(jobs, action);
                jobs.update(new UpdateJobCommand(ORG, id, JobFields.builder().status(JobStatus.FAILED).build(), null));
                clock.advance(Duration.ofMinutes(1));
            }

            holdCounts(other, "=a");
            Future<Integer> batch = pool.submit(() -> store.deleteExpired(clock.instant(), 10));
            assertWaitsHoldingNoOther(probe, other, "the batch", "=x");

            assertEquals(2, batch.get(30, TimeUnit.SECONDS));
            assertEquals(Map.of(), countedRows(probe));
            assertEquals(Map.of(), counts(probe));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String create(ImportJobs jobs, String action) {
        return jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                .action(action).build())).job().id();
    }

    /** An update of the job's action that also replaces its line errors, so its turn goes write by write. */
    private static UpdateJobCommand moveTo(String id, String action) {
        return new UpdateJobCommand(ORG, id, JobFields.builder().action(action)
                .errorReport(LineErrorReplacement.all(List.of(new LineError(1, Severity.ERROR, "sku", "invalid",
                        "moved to " + action, "x"))))
                .build(), null);
    }

    /** Opens a transaction on {@code other} that holds the organization's rows of counts of {@code actionKey}. */
    private static void holdCounts(Connection other, String actionKey) throws SQLException {
        other.setAutoCommit(false);
        lockCounts(other, actionKey, "");
    }

    /**
     * Waits until {@code who} waits for the rows {@code other} holds, then has {@code other} take the rows of
     * {@code freeKey} at once ({@code NOWAIT}), which fails if {@code who} holds them; then lets {@code who} go on.
     */
    private static void assertWaitsHoldingNoOther(Connection probe, Connection other, String who, String freeKey)
            throws SQLException {
        Await.until(() -> Waits.blockedBy(probe, other) == 1, who + " waits for the counts the other transaction "
                + "holds", Duration.ofSeconds(30));
        try {
            lockCounts(other, freeKey, " NOWAIT");
        } catch (SQLException held) {
            fail(who + ", waiting for the counts the other transaction holds, holds those of action key " + freeKey
                    + ": " + held.getMessage());
        }
        other.commit();
    }

    private static void lockCounts(Connection c, String actionKey, String wait) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT n FROM job_counts WHERE organization_id = ? "
                + "AND action_key = ? FOR UPDATE" + wait)) {
            lock.setString(1, ORG);
            lock.setString(2, actionKey);
            lock.executeQuery().close();
        }
    }

    /** The organization's counts by action, the rows counted zero left out. */
    private static Map<String, Long> counts(Connection c) throws SQLException {
        return byAction(c, "SELECT action_key, SUM(n) FROM job_counts WHERE organization_id = ? GROUP BY action_key "
                + "HAVING SUM(n) <> 0");
    }

    private static Map<String, Long> countedRows(Connection c) throws SQLException {
        return byAction(c, "SELECT COALESCE('=' || action, ''), COUNT(*) FROM jobs WHERE organization_id = ? "
                + "GROUP BY 1");
    }

    private static Map<String, Long> byAction(Connection c, String sql) throws SQLException {
        Map<String, Long> byAction = new TreeMap<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, ORG);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    byAction.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return byAction;
    }
}
