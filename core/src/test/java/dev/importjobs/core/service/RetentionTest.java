package dev.importjobs.core.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.testkit.CapturedLog;
import dev.importjobs.core.testkit.MutableClock;
import dev.importjobs.core.testkit.ObservedBatches.Batch;
import dev.importjobs.core.testkit.ObservedBatches;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention's passes (docs/model.md#retention) driven by hand with an injected clock: batches until a short
 * one, the cutoff from the clock, pauses between batches, one log line per pass, a stop that waits for the
 * batch under way; and the use cases running a pass on their own thread at once.
 */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryJobStore memory = new InMemoryJobStore();
    private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    private final JobStore store = ObservedBatches.of(memory, batches::add);
    private final ImportJobs jobs = ImportJobs.builder(memory).clock(clock)
            .cursorSecret("retention-test-cursor-secret-0001".getBytes(UTF_8)).build();
    private CapturedLog log;

    /** The lines go to this test only, not to the console. */
    @BeforeEach
    void captureLog() {
        log = CapturedLog.of("dev.importjobs.retention");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    /** A job of org_1 that moved to {@code status} at the clock's time. */
    private ImportJob ended(JobStatus status) {
        ImportJob job = jobs.create(new CreateJobCommand("org_1", JobFields.builder().createdBy("u").fileName("f.csv")
                .status(JobStatus.IN_PROGRESS).build())).job();
        return jobs.update(new UpdateJobCommand("org_1", job.id(), JobFields.builder().status(status).build(), null));
    }

    private void endedAtT0(int count) {
        for (int i = 0; i < count; i++) {
            ended(JobStatus.COMPLETED);
        }
    }

    private long left() {
        return jobs.list(ListJobsQuery.firstPage("org_1")).totalDocs();
    }

    private List<Integer> deleted() {
        return batches.stream().map(Batch::deleted).toList();
    }

    @Test
    void aPassDeletesBatchByBatchUntilAShortOne() {
        endedAtT0(7);
        clock.set(T0.plus(WEEK).plusSeconds(1));

        assertEquals(7, new Retention(store, clock, WEEK, 3).pass());

        assertEquals(List.of(3, 3, 1), deleted());
        assertTrue(batches.stream().allMatch(batch -> batch.limit() == 3));
        assertEquals(0, left());
    }

    @Test
    void aPassOfAnExactMultipleEndsWithAnEmptyBatch() {
        endedAtT0(6);
        clock.set(T0.plus(WEEK).plusSeconds(1));

        assertEquals(6, new Retention(store, clock, WEEK, 3).pass());

        assertEquals(List.of(3, 3, 0), deleted());
    }

    @Test
    void theCutoffIsTheClockLessTheRetention() {
        ended(JobStatus.FAILED);
        clock.set(T0.plus(Duration.ofDays(2)));
        ended(JobStatus.CANCELLED);
        Retention retention = new Retention(store, clock, WEEK, 100);

        clock.set(T0.plus(WEEK));
        assertEquals(0, retention.pass(), "a job that ended exactly the retention ago stays");
        clock.set(T0.plus(WEEK).plusMillis(1));
        assertEquals(1, retention.pass());
        assertEquals(1, left());
        clock.set(T0.plus(Duration.ofDays(9)).plusMillis(1));
        assertEquals(1, retention.pass());

        assertEquals(List.of(T0, T0.plusMillis(1), T0.plus(Duration.ofDays(2)).plusMillis(1)),
                batches.stream().map(Batch::completedBefore).toList());
        assertEquals(0, left());
    }

    @Test
    void batchesArePausedApartSoOtherWritesGoBetweenThem() {
        endedAtT0(7);
        clock.set(T0.plus(WEEK).plusSeconds(1));

        new Retention(store, clock, WEEK, 2).pass();

        assertEquals(4, batches.size());
        for (int i = 1; i < batches.size(); i++) {
            long gap = batches.get(i).startNanos() - batches.get(i - 1).endNanos();
            long took = batches.get(i - 1).endNanos() - batches.get(i - 1).startNanos();
            assertTrue(gap >= Math.max(Retention.MIN_PAUSE.toNanos(), took),
                    "pause " + gap + " ns after a batch of " + took + " ns");
        }
    }

    @Test
    void aPassLogsOneInfoLineWithTheCount() {
        endedAtT0(5);
        clock.set(T0.plus(WEEK).plusSeconds(1));
        Retention retention = new Retention(store, clock, WEEK, 2);

        retention.pass();
        retention.pass();

        assertEquals(2, log.records().size(), log.records().toString());
        assertTrue(log.records().stream().allMatch(record -> record.getLevel() == Level.INFO));
        assertTrue(log.records().get(0).getMessage().startsWith("retention: deleted 5 jobs that ended before "
                + T0.plusSeconds(1) + " in 3 batches"), log.records().get(0).getMessage());
        assertTrue(log.records().get(1).getMessage().startsWith("retention: deleted 0 jobs"),
                log.records().get(1).getMessage());
    }

    @Test
    void closeWaitsForTheBatchUnderWayAndNoBatchFollows() throws InterruptedException {
        endedAtT0(5);
        clock.set(T0.plus(WEEK).plusSeconds(1));
        CountDownLatch inBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobStore slow = ObservedBatches.of(memory, batch -> {
            batches.add(batch);
            inBatch.countDown();
            awaitQuietly(release);
        });
        Retention retention = new Retention(slow, clock, WEEK, 2);
        retention.start();
        assertTrue(inBatch.await(30, TimeUnit.SECONDS), "the first pass starts at once");

        Thread closer = new Thread(retention::close, "closer");
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (closer.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(closer.isAlive() && System.nanoTime() < deadline, "close waits while a batch is under way");
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(closer.isAlive());
        assertEquals(List.of(2), deleted(), "the pass stopped after its batch");
        assertEquals(3, left());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the batch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingPassIsLoggedAndDoesNotEndTheSchedule() {
        JobStore failing = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    throw new StoreException("the database is busy", null);
                });

        new Retention(failing, clock, WEEK, 2).scheduledPass();

        assertEquals(1, log.records().size());
        assertEquals(Level.SEVERE, log.records().get(0).getLevel());
        assertTrue(log.records().get(0).getMessage().contains("retention pass failed"), log.records().get(0).getMessage());
    }

    @Test
    void passesRunATenthOfTheRetentionApartBetweenAMinuteAndAnHour() {
        assertEquals(Duration.ofHours(1), Retention.interval(WEEK));
        assertEquals(Duration.ofHours(1), Retention.interval(Duration.ofHours(12)));
        assertEquals(Duration.ofMinutes(30), Retention.interval(Duration.ofHours(5)));
        assertEquals(Duration.ofMinutes(3), Retention.interval(Duration.ofMinutes(30)));
        assertEquals(Duration.ofMinutes(1), Retention.interval(Duration.ofMinutes(5)));
    }

    @Test
    void theUseCasesRunAPassAtOnceOnTheirOwnThreadUntilClosed() throws InterruptedException {
        endedAtT0(3);
        clock.set(T0.plus(Duration.ofDays(8)));
        CountDownLatch passEnded = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        JobStore observed = ObservedBatches.of(memory, batch -> {
            threads.add(Thread.currentThread().getName());
            if (batch.deleted() < batch.limit()) {
                passEnded.countDown();
            }
        });

        try (ImportJobs withRetention = ImportJobs.builder(observed).clock(clock).retention(WEEK).build()) {
            assertTrue(passEnded.await(30, TimeUnit.SECONDS), "a pass runs at start");
        }

        assertEquals(0, left());
        assertEquals(List.of("importjobs-retention"), threads);
    }

    @Test
    void retentionAndStallTimeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> ImportJobs.builder(memory).retention(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> ImportJobs.builder(memory).retention(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> ImportJobs.builder(memory).stallAfter(Duration.ZERO));
    }
}
