package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import dev.importjobs.storage.postgres.testkit.Waits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes of one job that wait for their turn in a store run together, in one transaction
 * (docs/storage.md#one-jobs-writes-together): each as if alone, in the order they came, with one commit.
 */
class WritesTogetherTest {
    private static final String ORG = "org_together";
    private static final long ROWS = 100;

    /**
     * The job's row is held locked from outside while the store's first write waits on it; eight more writes
     * queue behind it in the store, one of them an update expecting a version the job has left. Once the lock
     * goes, the seven chunks are committed by one transaction (their chunk records share one {@code xmin}), the
     * update alone is refused, and the totals are exact.
     */
    @Test
    void writesQueuedBehindALockedRowCommitTogetherAndARefusalStaysItsOwn() throws Exception {
        TestDatabase database = TestPostgres.server().newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try (PostgresJobStore store = database.store().poolSize(4).open(); Connection admin = database.connect();
                Connection probe = database.connect()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            long staleVersion = jobs.recordChunk(chunk(id, 0)).job().version();

            admin.setAutoCommit(false);
            try (PreparedStatement lock = admin.prepareStatement("SELECT seq FROM jobs WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            Future<ChunkResult> first = pool.submit(() -> jobs.recordChunk(chunk(id, 1)));
            Await.until(() -> Waits.lockWaits(probe) == 1, "the store's first write waits for the row", Duration.ofSeconds(30));

            List<Future<ChunkResult>> queued = new ArrayList<>();
            for (int index : List.of(2, 3, 4, 5, 5, 6, 7, 8)) {
                queued.add(pool.submit(() -> jobs.recordChunk(chunk(id, index))));
            }
            Future<ImportJob> stale = pool.submit(() -> jobs.update(new UpdateJobCommand(ORG, id,
                    JobFields.builder().fileName("renamed.csv").build(), staleVersion)));
            Await.until(() -> Waits.waitingForTurn() >= 9, "nine writes wait for the job's turn", Duration.ofSeconds(30));
            assertEquals(1, Waits.lockWaits(probe), "only the first write reached the database");
            admin.commit();

            assertTrue(first.get(30, TimeUnit.SECONDS).applied());
            List<ChunkResult> results = new ArrayList<>();
            for (Future<ChunkResult> f : queued) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(7, results.stream().filter(ChunkResult::applied).count(), "chunk 5 is applied once");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> stale.get(30, TimeUnit.SECONDS));
            ImportJobsException refused = (ImportJobsException) failed.getCause();
            assertEquals(ErrorCode.VERSION_CONFLICT, refused.code(), refused.getMessage());

            ImportJob now = jobs.get(new JobRef(ORG, id));
            assertEquals(9 * ROWS, now.counters().processedRows());
            assertEquals(8, now.lastProcessedChunkIndex());
            assertEquals(staleVersion + 8, now.version());
            assertEquals("f.csv", now.file().originalName());
            // Each answer is the job as its own write left it: its counters, version and first lines, a prefix of
            // the job's lines now.
            List<Long> versions = new ArrayList<>();
            for (ChunkResult result : results) {
                ImportJob answer = result.job();
                long chunksIn = answer.counters().processedRows() / ROWS;
                assertEquals(staleVersion + chunksIn - 1, answer.version(), "version of " + answer);
                assertEquals(Math.min(chunksIn, now.errorReport().size()), answer.errorReport().size());
                assertEquals(now.errorReport().subList(0, answer.errorReport().size()), answer.errorReport());
                if (result.applied()) {
                    versions.add(answer.version());
                }
            }
            assertEquals(7, versions.stream().distinct().count(), "each applied chunk answers its own version");
            assertEquals(1, single(admin, "SELECT COUNT(DISTINCT xmin::text) FROM job_chunks WHERE chunk_index BETWEEN 2 AND 8"),
                    "chunks 2 to 8 committed by one transaction");
            assertNotEquals(single(admin, "SELECT MIN(xmin::text::bigint) FROM job_chunks WHERE chunk_index = 1"),
                    single(admin, "SELECT MIN(xmin::text::bigint) FROM job_chunks WHERE chunk_index = 2"));
            assertEquals(9, single(admin, "SELECT line_error_count FROM jobs"));
            assertEquals(9, single(admin, "SELECT COUNT(*) FROM line_errors WHERE seq BETWEEN 1 AND 9"));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * 16 threads send 200 chunks of one job, each twice, in shuffled orders: every chunk counts once, its line
     * error is numbered without gaps or repeats, and the watermark and version are exact.
     */
    @Test
    void sixteenThreadsOnOneJobCountEveryChunkOnce() throws Exception {
        int chunks = 200;
        TestDatabase database = TestPostgres.server().newDatabase();
        try (PostgresJobStore store = database.store().poolSize(8).open(); Connection admin = database.connect()) {
            ImportJobs jobs = ImportJobs.builder(store).build();
            String id = jobs.create(new CreateJobCommand(ORG, JobFields.builder().createdBy("u1").fileName("f.csv")
                    .build())).job().id();
            long created = jobs.get(new JobRef(ORG, id)).version();
            int applied = ChunksSentTwice.send(jobs, chunks, 16, index -> chunk(id, index), Duration.ofSeconds(120));
            assertEquals(chunks, applied, "each chunk applied once");
            ImportJob now = jobs.get(new JobRef(ORG, id));
            assertEquals(chunks * ROWS, now.counters().processedRows());
            assertEquals(chunks - 1, now.lastProcessedChunkIndex());
            assertEquals(created + chunks, now.version());
            assertEquals(chunks, single(admin, "SELECT COUNT(*) FROM job_chunks"));
            assertEquals(chunks, single(admin, "SELECT line_error_count FROM jobs"));
            assertEquals(chunks, single(admin, "SELECT COUNT(DISTINCT seq) FROM line_errors WHERE seq BETWEEN 1 AND "
                    + chunks));
            assertEquals(chunks, single(admin, "SELECT COUNT(DISTINCT line) FROM line_errors"));
        }
    }

    /** A chunk of {@link #ROWS} rows with one error line, numbered after the chunk. */
    private static RecordChunkCommand chunk(String id, int index) {
        return RecordChunkCommand.builder(ORG, id).chunkIndex(index).rows(ROWS).successCount(ROWS - 1).errorCount(1L)
                .errors(List.of(new LineError(index * ROWS + 1, Severity.ERROR, "sku", "invalid", "bad sku", "x")))
                .build();
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
