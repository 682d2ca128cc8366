package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** One turn of a job's writes at a time in a store, with real threads: the others wait, other jobs do not. */
class JobTurnsTest {
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final JobTurns<String> turns = new JobTurns<>(done::contains);

    /** What a store does with a turn it leads: takes the queued writes, "runs" them, passes the turn on. */
    private List<String> write(String organizationId, String id, String write) {
        Optional<JobTurns<String>.Turn> lead = turns.enter(organizationId, id, write);
        if (lead.isEmpty()) {
            return List.of();
        }
        List<String> taken = lead.get().take();
        done.addAll(taken);
        lead.get().pass();
        return taken;
    }

    @Test
    void aWriteQueuedDuringATurnWaitsAndLeadsTheNext() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            JobTurns<String>.Turn first = turns.enter("org_1", "job_a", "first").orElseThrow();
            assertEquals(List.of("first"), first.take());
            AtomicReference<Thread> second = new AtomicReference<>();
            Future<List<String>> secondTook = pool.submit(() -> {
                second.set(Thread.currentThread());
                return write("org_1", "job_a", "second");
            });
            awaitWaiting(second);
            assertFalse(secondTook.isDone(), "the second write ran while the first held the job's turn");
            done.add("first");
            first.pass();
            assertEquals(List.of("second"), secondTook.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, turns.jobsTakingTurns());
    }

    /**
     * Writes queued while a turn runs: the first of them leads the next turn and takes them all, in order; the
     * others return once it has run them, without leading.
     */
    @Test
    void writesQueuedDuringATurnAreRunTogetherByTheFirstOfThem() throws Exception {
        List<String> queued = List.of("a", "b", "c");
        List<List<String>> took = queueBehindATurn(queued);
        assertEquals(List.of(queued, List.of(), List.of()), took);
        assertEquals(0, turns.jobsTakingTurns());
    }

    /** More writes queued than one turn takes: the first leads with {@link JobTurns#MOST_TAKEN}, the first left the rest. */
    @Test
    void oneTurnTakesAtMostItsShareAndTheFirstWriteLeftLeadsTheNext() throws Exception {
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < JobTurns.MOST_TAKEN + 8; i++) {
            queued.add("w" + i);
        }
        List<List<String>> took = queueBehindATurn(queued);
        assertEquals(queued.subList(0, JobTurns.MOST_TAKEN), took.get(0));
        assertEquals(queued.subList(JobTurns.MOST_TAKEN, queued.size()), took.get(JobTurns.MOST_TAKEN));
        assertEquals(2, took.stream().filter(list -> !list.isEmpty()).count(), "two turns led");
        assertEquals(0, turns.jobsTakingTurns());
    }

    @Test
    void writesOfOtherJobsAndOtherOrganizationsDoNotWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            JobTurns<String>.Turn held = turns.enter("org_1", "job_a", "held").orElseThrow();
            Future<List<String>> otherJob = pool.submit(() -> write("org_1", "job_b", "other job"));
            Future<List<String>> otherOrganization = pool.submit(() -> write("org_2", "job_a", "other organization"));
            assertEquals(List.of("other job"), otherJob.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("other organization"), otherOrganization.get(10, TimeUnit.SECONDS));
            held.take();
            done.add("held");
            held.pass();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, turns.jobsTakingTurns());
    }

    /** 16 threads each send one job 2,000 writes: every write is taken by exactly one turn, none twice, none lost. */
    @Test
    void manyThreadsOnOneJobHaveEveryWriteRunExactlyOnce() throws Exception {
        int threads = 16;
        int rounds = 2_000;
        Set<String> ran = ConcurrentHashMap.newKeySet();
        List<String> twice = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> finished = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                finished.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        String mine = thread + "/" + i;
                        for (String taken : write("org_1", "job_a", mine)) {
                            if (!ran.add(taken)) {
                                synchronized (twice) {
                                    twice.add(taken);
                                }
                            }
                        }
                        assertTrue(done.contains(mine), mine + " returned before it ran");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : finished) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), twice);
        assertEquals(threads * rounds, ran.size());
        assertEquals(0, turns.jobsTakingTurns(), "a job's entry lives only while a turn is held");
    }

    /**
     * Holds a turn of one job, queues {@code writes} behind it from threads of their own (in this order), then
     * passes it on: what each of them took when its call returned.
     */
    private List<List<String>> queueBehindATurn(List<String> writes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writes.size());
        try {
            JobTurns<String>.Turn held = turns.enter("org_1", "job_a", "holder").orElseThrow();
            assertEquals(List.of("holder"), held.take());
            List<Future<List<String>>> took = new ArrayList<>();
            for (String write : writes) {
                AtomicReference<Thread> writer = new AtomicReference<>();
                took.add(pool.submit(() -> {
                    writer.set(Thread.currentThread());
                    return write("org_1", "job_a", write);
                }));
                awaitWaiting(writer);
            }
            done.add("holder");
            held.pass();
            List<List<String>> result = new ArrayList<>();
            for (Future<List<String>> f : took) {
                result.add(f.get(10, TimeUnit.SECONDS));
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the thread waits for its turn: queued, and parked on the turn (not on the lock guarding the queue). */
    private static void awaitWaiting(AtomicReference<Thread> thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING || Arrays.stream(
                thread.get().getStackTrace()).noneMatch(frame -> frame.getMethodName().equals("awaitUninterruptibly"))) {
            assertTrue(System.nanoTime() - deadline < 0, "the write never waited for its turn");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
