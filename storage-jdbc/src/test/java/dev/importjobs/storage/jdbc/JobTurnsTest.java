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
    private final JobTurns<String> turns = new JobTurns<>();

    @Test
    void aSecondWriteOfTheJobWaitsUntilTheFirstGivesItsTurnBack() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> second = new AtomicReference<>();
            Future<?> done;
            try (JobTurns<String>.Turn first = turns.enter("org_1", "job_a", "first")) {
                done = pool.submit(() -> {
                    second.set(Thread.currentThread());
                    turns.enter("org_1", "job_a", "second").close();
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

    /**
     * Writes queued while the turn is held are taken together, in the order they came, by whoever holds the turn
     * next; the others find nothing left to take when their turn comes.
     */
    @Test
    void writesQueuedDuringATurnAreTakenTogetherInOrderByTheNextHolder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<String>>> taken = new ArrayList<>();
            try (JobTurns<String>.Turn first = turns.enter("org_1", "job_a", "first")) {
                assertEquals(List.of("first"), first.take());
                for (String write : List.of("a", "b", "c")) {
                    AtomicReference<Thread> writer = new AtomicReference<>();
                    taken.add(pool.submit(() -> {
                        writer.set(Thread.currentThread());
                        try (JobTurns<String>.Turn turn = turns.enter("org_1", "job_a", write)) {
                            return turn.take();
                        }
                    }));
                    awaitWaiting(writer);
                }
            }
            List<List<String>> took = new ArrayList<>();
            for (Future<List<String>> f : taken) {
                took.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, took.stream().filter(list -> !list.isEmpty()).count(), took.toString());
            assertEquals(List.of("a", "b", "c"), took.stream().filter(list -> !list.isEmpty()).findFirst().get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** More writes queued than one turn takes: the next holder takes the first {@link JobTurns#MOST_TAKEN}, the one after the rest. */
    @Test
    void oneTurnTakesAtMostItsShareAndLeavesTheRestForTheNext() throws Exception {
        int writers = JobTurns.MOST_TAKEN + 8;
        List<String> queued = new ArrayList<>();
        List<Future<List<String>>> taken = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            JobTurns<String>.Turn held = turns.enter("org_1", "job_a", "holder");
            assertEquals(List.of("holder"), held.take());
            for (int i = 0; i < writers; i++) {
                String write = "w" + i;
                queued.add(write);
                AtomicReference<Thread> writer = new AtomicReference<>();
                taken.add(pool.submit(() -> {
                    writer.set(Thread.currentThread());
                    try (JobTurns<String>.Turn turn = turns.enter("org_1", "job_a", write)) {
                        return turn.take();
                    }
                }));
                awaitWaiting(writer);
            }
            held.close();
            List<List<String>> took = new ArrayList<>();
            for (Future<List<String>> f : taken) {
                List<String> list = f.get(10, TimeUnit.SECONDS);
                if (!list.isEmpty()) {
                    took.add(list);
                }
            }
            took.sort((x, y) -> Integer.compare(y.size(), x.size()));
            assertEquals(List.of(queued.subList(0, JobTurns.MOST_TAKEN), queued.subList(JobTurns.MOST_TAKEN, writers)),
                    took);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, turns.jobsTakingTurns());
    }

    @Test
    void writesOfOtherJobsAndOtherOrganizationsDoNotWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (JobTurns<String>.Turn held = turns.enter("org_1", "job_a", "held")) {
            Future<?> otherJob = pool.submit(() -> {
                turns.enter("org_1", "job_b", "other job").close();
                return null;
            });
            Future<?> otherOrganization = pool.submit(() -> {
                turns.enter("org_2", "job_a", "other organization").close();
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
                        try (JobTurns<String>.Turn turn = turns.enter("org_1", "job_a", "add")) {
                            turn.take();
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
