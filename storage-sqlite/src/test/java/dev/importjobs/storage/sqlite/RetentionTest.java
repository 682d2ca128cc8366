package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.core.testkit.Await;
import dev.importjobs.core.testkit.MutableClock;
import dev.importjobs.core.testkit.ObservedBatches.Batch;
import dev.importjobs.core.testkit.ObservedBatches;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a SQLite file (docs/storage.md#stalled-jobs-and-retention): every batch is its own short write,
 * so a chunk recorded meanwhile waits for at most the one batch under way; and a job's line errors, chunk
 * records and counts go with it, as the tables themselves show.
 */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final int EXPIRED = 250;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LINES_EACH = 10;

    @TempDir
    Path dir;

    private static ImportJob endedAtT0(long number, String organizationId) {
        List<LineError> lines = LongStream.rangeClosed(1, LINES_EACH)
                .mapToObj(line -> LineError.error(line, "bad value in row " + line)).toList();
        return ImportJob.builder().id(String.format("%024x", number)).organizationId(organizationId)
                .createdBy(CreatedBy.of("user_1")).file(FileInfo.named("items.csv")).status(JobStatus.COMPLETED)
                .errorReport(lines).startedAt(T0).completedAt(T0).createdAt(T0).updatedAt(T0).build();
    }

    /** A chunk write, from the call to the answer ({@link System#nanoTime}). */
    /**
     * A pass pauses between batches and the writer takes writes in arrival order (docs/storage.md#group-commit),
     * so a chunk that waits for the writer when the pass asks for its next batch goes first. Made to happen
     * rather than hoped for: after the first batch the writer is held, a chunk lines up behind it, then the
     * pass's next batch; once both wait the writer is let go. The change feed's positions give the order.
     */
    @Test
    void aChunkWaitingWhenThePassAsksForItsNextBatchGoesFirst() throws Exception {
        Path file = dir.resolve("jobs.db");
        StoreParts parts = StoreParts.open(file, SqliteJobStore.Durability.POWER_LOSS);
        ExecutorService pool = Executors.newCachedThreadPool();
        String running;
        try {
            for (long i = 1; i <= EXPIRED; i++) {
                parts.store().insert(endedAtT0(i, "org_1"), "fingerprint");
            }
            MutableClock clock = new MutableClock(T0.plus(WEEK).plusSeconds(1));
            ImportJobs worker = ImportJobs.builder(parts.store()).clock(clock).build();
            running = worker.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("user_1")
                    .fileName("big.csv").status(JobStatus.IN_PROGRESS).build())).job().id();

            List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch chunkLinedUp = new CountDownLatch(1);
            CountDownLatch passEnded = new CountDownLatch(1);
            AtomicReference<Future<String>> holder = new AtomicReference<>();
            AtomicReference<Future<Boolean>> chunk = new AtomicReference<>();
            var observed = ObservedBatches.of(parts.store(), batch -> {
                batches.add(batch);
                if (batches.size() == 1) {
                    CountDownLatch holding = new CountDownLatch(1);
                    holder.set(pool.submit(() -> parts.transactions().write(c -> {
                        holding.countDown();
                        awaitOrFail(release);
                        return "held";
                    })));
                    awaitOrFail(holding);
                    chunk.set(pool.submit(() -> worker.recordChunk(RecordChunkCommand.of("org_1", running, 0, 1))
                            .applied()));
                    Await.until(() -> parts.transactions().waitingWrites() == 1, "the chunk lines up", WAIT);
                    chunkLinedUp.countDown();
                }
                if (batch.deleted() < batch.limit()) {
                    passEnded.countDown();
                }
            });
            try (ImportJobs retention = ImportJobs.builder(observed).clock(clock).retention(WEEK).build()) {
                assertTrue(chunkLinedUp.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first batch ran");
                Await.until(() -> parts.transactions().waitingWrites() == 2, "the next batch lines up", WAIT);
                release.countDown();
                assertTrue(passEnded.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the pass ends");
            }
            assertEquals("held", holder.get().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(true, chunk.get().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(EXPIRED, batches.stream().mapToInt(Batch::deleted).sum());
            assertEquals(List.of(100, 100, 50), batches.stream().map(Batch::deleted).toList(), "small batches");
        } finally {
            pool.shutdownNow();
            parts.store().close();
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            long chunkAt = kept(c, "SELECT feed_position FROM jobs WHERE id = '" + running + "'");
            assertEquals(100, kept(c, "SELECT COUNT(*) FROM job_deletions WHERE feed_position < " + chunkAt),
                    "only the first batch went before the chunk");
            assertEquals(EXPIRED, kept(c, "SELECT COUNT(*) FROM job_deletions"));
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lineErrorsChunkRecordsAndCountsLeaveNoRowBehind() throws SQLException {
        Path file = dir.resolve("jobs.db");
        try (SqliteJobStore store = SqliteJobStore.open(file)) {
            MutableClock clock = new MutableClock(T0);
            ImportJobs jobs = ImportJobs.builder(store).clock(clock).build();
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = jobs.create(new CreateJobCommand(i % 2 == 0 ? "org_1" : "org_2", JobFields.builder()
                        .createdBy("user_" + i % 3).fileName("f.csv").action(i % 3 == 0 ? null : "import")
                        .status(JobStatus.IN_PROGRESS).build())).job().id();
                String org = i % 2 == 0 ? "org_1" : "org_2";
                for (int chunk = 0; chunk < 3; chunk++) {
                    jobs.recordChunk(RecordChunkCommand.builder(org, id).chunkIndex(chunk).rows(5).errorCount(1L)
                            .errors(List.of(LineError.error(chunk + 1, "bad"))).build());
                }
                if (i < 4) {
                    jobs.update(new UpdateJobCommand(org, id, JobFields.builder()
                            .status(i % 2 == 0 ? JobStatus.COMPLETED : JobStatus.FAILED).build(), null));
                } else {
                    kept.add(id);
                }
            }

            assertEquals(4, store.deleteExpired(T0.plusMillis(1), 100));
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals(2, kept(c, "SELECT COUNT(*) FROM jobs"));
            assertEquals(6, kept(c, "SELECT COUNT(*) FROM line_errors"), "three lines of each job left");
            assertEquals(6, kept(c, "SELECT COUNT(*) FROM job_chunks"), "three chunks of each job left");
            assertEquals(0, kept(c, "SELECT COUNT(*) FROM line_errors WHERE job_seq NOT IN (SELECT seq FROM jobs)"));
            assertEquals(0, kept(c, "SELECT COUNT(*) FROM job_chunks WHERE job_seq NOT IN (SELECT seq FROM jobs)"));
            assertEquals(0, kept(c, "SELECT COUNT(*) FROM (SELECT organization_id, status, action_key, created_by_id, "
                    + "n FROM job_counts WHERE n <> 0 EXCEPT SELECT organization_id, status, "
                    + "COALESCE('=' || action, ''), created_by_id, COUNT(*) FROM jobs "
                    + "GROUP BY organization_id, status, COALESCE('=' || action, ''), created_by_id)"),
                    "the counts are the jobs' own");
            assertEquals(2, kept(c, "SELECT SUM(n) FROM job_counts"));
        }
    }

    private static long kept(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
