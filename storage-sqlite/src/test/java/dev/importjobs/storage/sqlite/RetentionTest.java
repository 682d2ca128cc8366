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
import dev.importjobs.core.testkit.MutableClock;
import dev.importjobs.core.testkit.ObservedBatches;
import dev.importjobs.core.testkit.ObservedBatches.Batch;
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
    private static final int EXPIRED = 2_000;
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
    private record Write(long startNanos, long endNanos) {
        /** How many batches began after this write was asked for and ended before it was answered. */
        long batchesWaitedOut(List<Batch> batches) {
            return batches.stream().filter(b -> b.startNanos() >= startNanos && b.endNanos() <= endNanos).count();
        }
    }

    @Test
    void aChunkRecordedDuringAPassWaitsForAtMostOneBatch() throws InterruptedException {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"))) {
            for (long i = 1; i <= EXPIRED; i++) {
                store.insert(endedAtT0(i, i % 2 == 0 ? "org_1" : "org_2"), "fingerprint");
            }
            MutableClock clock = new MutableClock(T0.plus(WEEK).plusSeconds(1));
            ImportJobs worker = ImportJobs.builder(store).clock(clock).build();
            String running = worker.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("user_1")
                    .fileName("big.csv").status(JobStatus.IN_PROGRESS).build())).job().id();

            List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch passEnded = new CountDownLatch(1);
            CountDownLatch writing = new CountDownLatch(1);
            List<Write> writes = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread chunks = new Thread(() -> {
                try {
                    for (int index = 0; passEnded.getCount() > 0; index++) {
                        long start = System.nanoTime();
                        worker.recordChunk(RecordChunkCommand.of("org_1", running, index, 1));
                        writes.add(new Write(start, System.nanoTime()));
                        writing.countDown();
                    }
                } catch (RuntimeException | Error e) {
                    failed.set(e);
                    writing.countDown();
                }
            }, "chunks");
            chunks.start();
            assertTrue(writing.await(30, TimeUnit.SECONDS));

            var observed = ObservedBatches.of(store, batch -> {
                batches.add(batch);
                if (batch.deleted() < batch.limit()) {
                    passEnded.countDown();
                }
            });
            try (ImportJobs retention = ImportJobs.builder(observed).clock(clock).retention(WEEK).build()) {
                assertTrue(passEnded.await(120, TimeUnit.SECONDS), "the pass ends");
            }
            chunks.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(null, failed.get());

            List<Batch> all = List.copyOf(batches);
            long passStart = all.get(0).startNanos();
            long passEnd = all.get(all.size() - 1).endNanos();
            List<Write> during = writes.stream().filter(w -> w.endNanos() > passStart && w.startNanos() < passEnd)
                    .toList();
            long worst = during.stream().mapToLong(w -> w.batchesWaitedOut(all)).max().orElse(0);
            long longestWrite = during.stream().mapToLong(w -> w.endNanos() - w.startNanos()).max().orElse(0);
            long longestBatch = all.stream().mapToLong(b -> b.endNanos() - b.startNanos()).max().orElse(0);
            System.out.printf("retention: %d batches in %.0f ms, longest batch %.1f ms; %d chunk writes meanwhile,"
                    + " longest %.1f ms, at most %d whole batch(es) within one%n", all.size(), (passEnd - passStart) / 1e6,
                    longestBatch / 1e6, during.size(), longestWrite / 1e6, worst);

            assertEquals(EXPIRED, all.stream().mapToInt(Batch::deleted).sum());
            assertTrue(all.size() >= 10, "small batches: " + all.size());
            assertTrue(worst <= 1, "a chunk write waited out " + worst + " whole batches");
            assertTrue(during.size() >= all.size() - 1, "chunk writes went between the batches: " + during.size()
                    + " during " + all.size() + " batches");
            assertEquals(1, worker.list(dev.importjobs.core.service.ListJobsQuery.firstPage("org_1")).totalDocs());
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
            assertEquals(kept(c, "SELECT COUNT(*) FROM jobs"), 2);
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
