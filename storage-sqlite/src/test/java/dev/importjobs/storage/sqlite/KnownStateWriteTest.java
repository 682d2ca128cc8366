package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.service.ChunkResult;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.service.UpdateJobCommand;
import dev.importjobs.core.testkit.Await;
import dev.importjobs.core.testkit.ChunksSentTwice;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite too, a store writes the next change of a job it wrote last from the state it kept, and the row's
 * version decides whether that state is still the job's; one job's waiting writes go as one update
 * (docs/storage.md#writes-from-the-known-state). Two stores on one file stand for two processes: each has its own
 * connections, and SQLite's file locks order them as they would two processes'.
 */
class KnownStateWriteTest {
    private static final String ORG = "org_known";
    private static final long ROWS = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static final String WRITER_THREAD = "known-state-writer-";
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(
            task -> new Thread(task, WRITER_THREAD + threads.incrementAndGet()));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Observed through a column the read of a row would take and the kept state has its own value of: once the
     * job's first chunk (two line errors) is in, its row's line-error count is set to 100 from outside, version
     * unchanged. The next chunk through the same store (three more) writes 5, counted from the state it kept, not
     * from the row; a store that knows nothing of the job reads the row, and writes 100 + 1 for its chunk's one.
     */
    @Test
    void theNextChunkOfAJobThisStoreWroteLastIsWrittenFromTheKeptStateNotTheRow() throws SQLException {
        Path file = dir.resolve("known.db");
        try (SqliteJobStore store = SqliteJobStore.open(file); Connection outside = connect(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            jobs.recordChunk(chunk(id, 0, 10, 11));
            long version = single(outside, "SELECT version FROM jobs");

            execute(outside, "UPDATE jobs SET line_error_count = 100");
            ImportJob after = jobs.recordChunk(chunk(id, 1, 20, 21, 22)).job();

            assertEquals(5, single(outside, "SELECT line_error_count FROM jobs"), "written from the kept state");
            assertEquals(2 * ROWS, after.counters().processedRows());
            assertEquals(version + 1, after.version());
            assertEquals(List.of(10L, 11L, 20L, 21L, 22L), after.errorReport().stream().map(LineError::line).toList());
            assertEquals("1:10 2:11 3:20 4:21 5:22",
                    text(outside, "SELECT group_concat(seq || ':' || line, ' ') FROM (SELECT seq, line FROM line_errors "
                            + "ORDER BY seq)"));

            execute(outside, "UPDATE jobs SET line_error_count = 100");
            try (SqliteJobStore unknowing = SqliteJobStore.open(file)) {
                ImportJobs.builder(unknowing).build().recordChunk(chunk(id, 2, 30));
            }
            assertEquals(101, single(outside, "SELECT line_error_count FROM jobs"), "written from the row read");
            assertEquals(3 * ROWS, single(outside, "SELECT processed_rows FROM jobs"));
            assertEquals(3, single(outside, "SELECT COUNT(*) FROM job_chunks"));
        }
    }

    /**
     * SQLite gives the seq of the job inserted last, once deleted, to the next job. Another store deletes this
     * store's job and creates one in another organization, which takes its seq and reaches its version: this
     * store's next chunk of the deleted job, whose state it still keeps, finds no job and changes nothing.
     */
    @Test
    void aChunkOfADeletedJobIsNotWrittenToTheJobThatTookItsSeq() throws SQLException {
        Path file = dir.resolve("reused.db");
        try (SqliteJobStore first = SqliteJobStore.open(file); SqliteJobStore second = SqliteJobStore.open(file);
                Connection outside = connect(file)) {
            ImportJobs one = ImportJobs.builder(first).build();
            ImportJobs two = ImportJobs.builder(second).build();
            String id = one.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            ImportJob deleted = one.recordChunk(chunk(id, 0, 1)).job();
            long seq = single(outside, "SELECT seq FROM jobs");
            two.delete(new JobRef(ORG, id));
            String other = two.create(new CreateJobCommand("org_other", JobFields.builder().createdBy("u2")
                    .fileName("g.csv").build())).job().id();
            ImportJob taker = two.recordChunk(RecordChunkCommand.builder("org_other", other).chunkIndex(0).rows(7)
                    .successCount(7L).build()).job();
            assertEquals(seq, single(outside, "SELECT seq FROM jobs WHERE id = '" + other + "'"), "the seq is reused");
            assertEquals(deleted.version(), taker.version(), "the new job is at the deleted one's version");

            ImportJobsException notFound = assertThrows(ImportJobsException.class,
                    () -> one.recordChunk(chunk(id, 1, 2)));
            assertEquals(ErrorCode.JOB_NOT_FOUND, notFound.code(), notFound.getMessage());

            ImportJob now = two.get(new JobRef("org_other", other));
            assertEquals(7, now.counters().processedRows());
            assertEquals(taker.version(), now.version());
            assertEquals(0, now.counters().errorCount());
            assertEquals(1, single(outside, "SELECT COUNT(*) FROM job_chunks"));
            assertEquals(0, single(outside, "SELECT COUNT(*) FROM line_errors"));
        }
    }

    /**
     * The writer is held by another write while a chunk waits for it; nine more writes of the job queue behind
     * that chunk in the store, one of them an update expecting a version the job has left. Once the writer is
     * let go, the seven chunks among them are one update of the job (its change-feed position moves once for
     * them) in one commit (SQLite's commit hook counts two: the held batch with the first chunk, then the
     * turn), the duplicate is applied once, the stale update alone is refused, and the totals are exact.
     */
    @Test
    void writesQueuedBehindTheWriterGoAsOneUpdateAndARefusalStaysItsOwn() throws Exception {
        StoreParts parts = StoreParts.open(dir.resolve("turn.db"), SqliteJobStore.Durability.POWER_LOSS);
        CountDownLatch release = new CountDownLatch(1);
        try (Connection outside = connect(dir.resolve("turn.db"))) {
            ImportJobs jobs = ImportJobs.builder(parts.store()).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            long staleVersion = jobs.recordChunk(chunk(id, 0, 1)).job().version();
            long position = single(outside, "SELECT feed_position FROM jobs");
            AtomicLong commits = parts.countCommits();

            CountDownLatch holding = new CountDownLatch(1);
            Future<Object> held = pool.submit(() -> parts.transactions().write(c -> {
                holding.countDown();
                awaitUninterruptibly(release);
                return null;
            }));
            assertTrue(holding.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the holding write did not start");
            Future<ChunkResult> first = pool.submit(() -> jobs.recordChunk(chunk(id, 1, 2)));
            Await.until(() -> parts.transactions().waitingWrites() == 1, "the first chunk waits for the writer",
                    TIMEOUT);
            List<Future<ChunkResult>> queued = new ArrayList<>();
            for (int index : List.of(2, 3, 4, 5, 5, 6, 7, 8)) {
                queued.add(pool.submit(() -> jobs.recordChunk(chunk(id, index, index + 1))));
            }
            Future<ImportJob> stale = pool.submit(() -> jobs.update(new UpdateJobCommand(ORG, id,
                    JobFields.builder().fileName("renamed.csv").build(), staleVersion)));
            Await.until(() -> waitingForTheirTurn() == 9, "nine writes wait for the job's turn", TIMEOUT);
            assertEquals(1, parts.transactions().waitingWrites(), "only the first chunk reached the writer");
            release.countDown();

            held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).applied());
            List<ChunkResult> results = new ArrayList<>();
            for (Future<ChunkResult> f : queued) {
                results.add(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(7, results.stream().filter(ChunkResult::applied).count(), "chunk 5 is applied once");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> stale.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(ErrorCode.VERSION_CONFLICT, ((ImportJobsException) failed.getCause()).code());

            assertEquals(2, commits.get(), "the held batch with the first chunk, then the turn");
            assertEquals(position + 2, single(outside, "SELECT feed_position FROM jobs"),
                    "the first chunk moved the job once, the turn's seven chunks once");
            ImportJob now = jobs.get(new JobRef(ORG, id));
            assertEquals(9 * ROWS, now.counters().processedRows());
            assertEquals(8, now.lastProcessedChunkIndex());
            assertEquals(staleVersion + 8, now.version());
            assertEquals("f.csv", now.file().originalName());
            for (ChunkResult result : results) {
                ImportJob answer = result.job();
                long chunksIn = answer.counters().processedRows() / ROWS;
                assertEquals(staleVersion + chunksIn - 1, answer.version(), "version of " + answer);
                assertEquals(now.errorReport().subList(0, answer.errorReport().size()), answer.errorReport());
                assertEquals(chunksIn, answer.errorReport().size(), "lines of " + answer);
            }
            assertEquals(9, single(outside, "SELECT COUNT(*) FROM job_chunks"));
            assertEquals(9, single(outside, "SELECT line_error_count FROM jobs"));
            // Numbered 1 to 9 without gaps: chunks 0 and 1 first, the turn's in the order its writes came.
            assertEquals("1:1 2:2", text(outside, "SELECT group_concat(seq || ':' || line, ' ') FROM (SELECT seq, line "
                    + "FROM line_errors WHERE seq <= 2 ORDER BY seq)"));
            assertEquals("1 2 3 4 5 6 7 8 9", text(outside, "SELECT group_concat(seq, ' ') FROM (SELECT seq FROM "
                    + "line_errors ORDER BY seq)"));
            assertEquals("1 2 3 4 5 6 7 8 9", text(outside, "SELECT group_concat(line, ' ') FROM (SELECT line FROM "
                    + "line_errors ORDER BY line)"));
        } finally {
            release.countDown(); // a failed assertion must not leave the writer held: closing waits for it
            parts.store().close();
        }
    }

    /**
     * 16 threads send 200 chunks of one job, each twice, in a shuffled order, so the job's writes queue and go in
     * turns: every chunk counts once, its line error is numbered without gaps or repeats, and the watermark and
     * version are exact.
     */
    @Test
    void sixteenThreadsOnOneJobCountEveryChunkOnce() throws Exception {
        int chunks = 200;
        Path file = dir.resolve("sixteen.db");
        try (SqliteJobStore store = SqliteJobStore.open(file); Connection outside = connect(file)) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            long created = jobs.get(new JobRef(ORG, id)).version();
            int applied = ChunksSentTwice.send(jobs, chunks, 16, index -> chunk(id, index, index * ROWS + 1), TIMEOUT);
            assertEquals(chunks, applied, "each chunk applied once");
            ImportJob now = jobs.get(new JobRef(ORG, id));
            assertEquals(chunks * ROWS, now.counters().processedRows());
            assertEquals(chunks - 1, now.lastProcessedChunkIndex());
            assertEquals(created + chunks, now.version());
            assertEquals(chunks, single(outside, "SELECT COUNT(*) FROM job_chunks"));
            assertEquals(chunks, single(outside, "SELECT line_error_count FROM jobs"));
            assertEquals(chunks, single(outside, "SELECT COUNT(DISTINCT seq) FROM line_errors WHERE seq BETWEEN 1 AND "
                    + chunks));
            assertEquals(chunks, single(outside, "SELECT COUNT(DISTINCT line) FROM line_errors"));
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test's writer threads parked in the job's queue of turns. */
    private static long waitingForTheirTurn() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith(WRITER_THREAD) && e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().endsWith("JobTurns")))
                .count();
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

    private static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
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

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
