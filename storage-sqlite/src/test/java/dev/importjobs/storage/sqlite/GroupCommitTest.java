package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.service.CreateJobCommand;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobFields;
import dev.importjobs.core.service.RecordChunkCommand;
import dev.importjobs.core.testkit.Await;
import dev.importjobs.storage.jdbc.Statements;
import dev.importjobs.storage.jdbc.Transactions;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real file (docs/storage.md#group-commit). Writes are lined up behind a batch that a
 * write holds open, in a known order, then let go; SQLite's own commit hook on the writer counts the
 * commits, so the batching is observed where it happens, not where the store says it happens.
 */
class GroupCommitTest {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private StoreParts parts;
    private AtomicLong commits;
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<Future<?>> lined = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        parts = StoreParts.open(dir.resolve("group.db"), SqliteJobStore.Durability.POWER_LOSS);
        try (Statement statement = parts.writer().createStatement()) {
            statement.execute("CREATE TABLE written (name TEXT PRIMARY KEY)");
            statement.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            statement.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        commits = parts.countCommits();
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        parts.store().close();
    }

    @Test
    void writesThatWaitBehindABatchAreCommittedWithItOnce() throws Exception {
        Held held = holdTheWriter("holder");
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            writes.add(lineUp(insert("w" + i)));
        }

        held.release();

        assertEquals("holder", held.outcome());
        for (int i = 0; i < writes.size(); i++) {
            assertEquals("w" + i, outcome(writes.get(i)), "each caller gets its own result");
        }
        assertEquals(1, commits.get(), "16 writes, one commit");
        assertEquals(16, names().size());
    }

    @Test
    void aBatchTakesAtMostMaxWritesAndTheWritesLeftCommitInTheNextBatch() throws Exception {
        Held held = holdTheWriter("holder");
        int queued = GroupCommit.MAX_WRITES + 36;
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            writes.add(lineUp(insert("w" + i)));
        }

        held.release();

        for (int i = 0; i < queued; i++) {
            assertEquals("w" + i, outcome(writes.get(i)));
        }
        assertEquals(2, commits.get(), "the holder and 63 writes, then 37");
        assertEquals(queued + 1, names().size());
    }

    @Test
    void aBatchStopsTakingWritesOnceTheyChangedMaxRows() throws Exception {
        int rowsEach = (int) (GroupCommit.MAX_ROWS * 9 / 20);
        Held held = holdTheWriter("holder");
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "w" + i;
            writes.add(lineUp(c -> {
                PreparedStatement insert = c.prepare("INSERT INTO written (name) VALUES (?)");
                for (int row = 0; row < rowsEach; row++) {
                    insert.setString(1, name + "-" + row);
                    insert.executeUpdate();
                }
                return name;
            }));
        }

        held.release();

        for (int i = 0; i < writes.size(); i++) {
            assertEquals("w" + i, outcome(writes.get(i)));
        }
        assertEquals(2, commits.get(), "the third write passes the bound: the fourth goes to the next batch");
        assertEquals(1 + 4 * rowsEach, names().size());
    }

    /**
     * A write refused by a rule and one whose own statement fails are each rolled back to their savepoint;
     * their callers get their own exceptions, the others commit, and each write sees the ones before it.
     */
    @Test
    void aFailingWriteRollsBackAloneAndItsCallerGetsItsOwnFailure() throws Exception {
        Held held = holdTheWriter("holder");
        IllegalStateException refusal = new IllegalStateException("b is refused");
        Future<String> a = lineUp(insert("a"));
        Future<String> b = lineUp(c -> {
            insert("b").run(c);
            throw refusal;
        });
        Future<String> duplicate = lineUp(c -> {
            insert("c").run(c);
            return insert("a").run(c); // a was written by an earlier write of this transaction
        });
        Future<List<String>> d = lineUp(c -> {
            insert("d").run(c);
            return names(c);
        });

        held.release();

        assertEquals("a", outcome(a));
        assertSame(refusal, failure(b), "the rule's own exception");
        StoreException store = assertInstanceOf(StoreException.class, failure(duplicate));
        assertTrue(store.getCause().getMessage().contains("UNIQUE"), store.getCause().getMessage());
        assertEquals(List.of("a", "d", "holder"), outcome(d), "d sees a; b and c are gone");
        assertEquals(Set.of("holder", "a", "d"), names());
        assertEquals(1, commits.get());
    }

    /** The first write of a transaction has no savepoint: failing, it rolls back the transaction, which held nothing else. */
    @Test
    void aFailingFirstWriteRollsBackOnlyItselfAndTheWritesBehindItCommit() throws Exception {
        IllegalStateException refusal = new IllegalStateException("the holder is refused");
        Held held = holdTheWriter(c -> {
            insert("holder").run(c);
            throw refusal;
        });
        Future<String> a = lineUp(insert("a"));
        Future<String> b = lineUp(insert("b"));

        held.release();

        assertSame(refusal, failure(held.result));
        assertEquals("a", outcome(a));
        assertEquals("b", outcome(b));
        assertEquals(Set.of("a", "b"), names());
        assertEquals(1, commits.get());
    }

    /** A deferred foreign key fails the COMMIT itself: every write of the batch fails, and none is kept. */
    @Test
    void aFailedCommitFailsEveryWriteOfTheBatchAndKeepsNone() throws Exception {
        Held held = holdTheWriter("holder");
        Future<String> a = lineUp(insert("a"));
        Future<Integer> orphan = lineUp(c -> c.prepare("INSERT INTO child (parent_id) VALUES (7)").executeUpdate());
        Future<String> b = lineUp(insert("b"));

        held.release();

        for (Future<?> write : List.of(held.result, a, orphan, b)) {
            StoreException store = assertInstanceOf(StoreException.class, failure(write));
            assertTrue(store.getCause().getMessage().contains("FOREIGN KEY"), store.getCause().getMessage());
        }
        assertEquals(Set.of(), names());
        assertEquals(0, commits.get());
        assertEquals("after", parts.transactions().write(insert("after")), "the writer recovers");
        assertEquals(Set.of("after"), names());
    }

    /**
     * A write that fails after ending the transaction (its savepoint is gone, so it cannot be rolled back to)
     * keeps its own error; the writes it took down with it get the store's error, never that one.
     */
    @Test
    void aWriteThatEndsTheTransactionFailsTheOthersWithTheStoresErrorNotItsOwn() throws Exception {
        Held held = holdTheWriter("holder");
        Future<String> a = lineUp(insert("a"));
        Future<String> ender = lineUp(c -> {
            c.prepare("ROLLBACK").execute();
            throw new IllegalArgumentException("a rule refused it");
        });
        Future<String> b = lineUp(insert("b"));

        held.release();

        assertInstanceOf(IllegalArgumentException.class, failure(ender));
        for (Future<?> write : List.of(held.result, a)) {
            StoreException store = assertInstanceOf(StoreException.class, failure(write));
            assertTrue(store.getCause().getMessage().contains("no such savepoint"), store.getCause().getMessage());
        }
        assertEquals("b", outcome(b), "the next write begins a new transaction");
        assertEquals(Set.of("b"), names());
    }

    @Test
    void aWriteCannotStartAnotherWriteOfTheSameStore() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> parts.transactions().write(c -> parts.transactions().write(insert("nested"))));
        assertTrue(refused.getMessage().contains("cannot start another write"), refused.getMessage());
        assertEquals(Set.of(), names());
    }

    /** A retry is answered from a read: it does not wait for the writer, which a batch holds meanwhile. */
    @Test
    void aRetriedChunkIsAnsweredWhileTheWriterIsHeld() throws Exception {
        ImportJobs jobs = ImportJobs.builder(parts.store()).build();
        String org = "org_group";
        String id = jobs.create(new CreateJobCommand(org, JobFields.builder().createdBy("u").fileName("a.csv").build()))
                .job().id();
        ImportJob applied = jobs.recordChunk(RecordChunkCommand.of(org, id, 0, 10)).job();
        Held held = holdTheWriter("holder");

        Future<Boolean> retry = callers.submit(() -> jobs.recordChunk(RecordChunkCommand.of(org, id, 0, 10)).applied());
        assertEquals(false, retry.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(applied, jobs.recordChunk(RecordChunkCommand.of(org, id, 0, 10)).job());
        assertFalse(held.result().isDone(), "the retries were answered while the writer was still held");
        Future<Boolean> next = lineUpCall(() -> jobs.recordChunk(RecordChunkCommand.of(org, id, 1, 10)).applied());

        held.release();

        assertEquals(true, outcome(next), "a new chunk waits for the writer");
        assertEquals(20, jobs.recordChunk(RecordChunkCommand.of(org, id, 1, 10)).job().counters().processedRows());
    }

    /** A write that holds its batch open until {@link #release}, and what it returned. */
    private record Held(CountDownLatch latch, Future<String> result) {
        void release() {
            latch.countDown();
        }

        String outcome() throws Exception {
            return GroupCommitTest.outcome(result);
        }
    }

    private Held holdTheWriter(String name) throws InterruptedException {
        return holdTheWriter(insert(name));
    }

    /** Starts {@code work} as a batch of its own and returns once it runs, holding the writer until released. */
    private Held holdTheWriter(Transactions.Work<String> work) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> result = callers.submit(() -> parts.transactions().write(c -> {
            running.countDown();
            awaitUninterruptibly(release);
            return work.run(c);
        }));
        assertTrue(running.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the holding write did not start");
        return new Held(release, result);
    }

    /** Starts a write and returns once it waits behind the held batch, after the ones lined up before it. */
    private <T> Future<T> lineUp(Transactions.Work<T> work) {
        return lineUpCall(() -> parts.transactions().write(work));
    }

    /** Starts {@code call}, which writes once, and returns once its write waits behind the held batch. */
    private <T> Future<T> lineUpCall(Callable<T> call) {
        int ahead = lined.size();
        Future<T> write = callers.submit(call);
        lined.add(write);
        awaitCondition(() -> parts.transactions().waitingWrites() == ahead + 1, "write " + ahead + " lined up");
        return write;
    }

    private static Transactions.Work<String> insert(String name) {
        return c -> {
            PreparedStatement insert = c.prepare("INSERT INTO written (name) VALUES (?)");
            insert.setString(1, name);
            insert.executeUpdate();
            return name;
        };
    }

    private Set<String> names() {
        List<String> names = parts.transactions().read(GroupCommitTest::names);
        return new TreeSet<>(names);
    }

    private static List<String> names(Statements c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.prepare("SELECT name FROM written ORDER BY name").executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static <T> T outcome(Future<T> write) throws Exception {
        try {
            return write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the write failed: " + e.getCause(), e.getCause());
        }
    }

    private static Throwable failure(Future<?> write) throws Exception {
        try {
            Object result = write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return fail("the write should have failed, it returned " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Await.until(condition, what, Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
