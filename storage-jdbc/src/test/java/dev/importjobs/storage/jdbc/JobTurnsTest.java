package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** One write of a job at a time in a store, with real threads: the others wait, other jobs do not. */
class JobTurnsTest {
    private final JobTurns turns = new JobTurns();

    @Test
    void aSecondWriteOfTheJobWaitsUntilTheFirstGivesItsTurnBack() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> second = new AtomicReference<>();
            Future<?> done;
            try (JobTurns.Turn first = turns.take("org_1", "job_a")) {
                done = pool.submit(() -> {
                    second.set(Thread.currentThread());
                    turns.take("org_1", "job_a").close();
                    return null;
                });
                awaitWaiting(second);
                assertFalse(done.isDone(), "the second write ran while the first held the job's turn");
            }
            done.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writesOfOtherJobsAndOtherOrganizationsDoNotWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (JobTurns.Turn held = turns.take("org_1", "job_a")) {
            Future<?> otherJob = pool.submit(() -> {
                turns.take("org_1", "job_b").close();
                return null;
            });
            Future<?> otherOrganization = pool.submit(() -> {
                turns.take("org_2", "job_a").close();
                return null;
            });
            otherJob.get(10, TimeUnit.SECONDS);
            otherOrganization.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** 16 threads each take one job's turn 2,000 times and add one to a plain field inside it: no addition is lost. */
    @Test
    void manyThreadsOnOneJobTakeTurnsExactly() throws Exception {
        int threads = 16;
        int rounds = 2_000;
        long[] total = {0};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        try (JobTurns.Turn turn = turns.take("org_1", "job_a")) {
                            total[0]++;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) threads * rounds, total[0]);
        assertEquals(0, turns.jobsTakingTurns(), "a job's entry lives only while its turn is held or waited for");
    }

    private static void awaitWaiting(AtomicReference<Thread> thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() - deadline < 0, "the second write never waited for its turn");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
