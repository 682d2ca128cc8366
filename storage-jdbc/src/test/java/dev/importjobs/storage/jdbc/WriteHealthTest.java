package dev.importjobs.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.importjobs.core.error.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When a health check writes a probe: only when no write committed within the last second or one failed
 * since, and never more than one at a time, whoever asks (docs/storage.md#health).
 */
class WriteHealthTest {
    private static final int CALLERS = 16;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final WriteHealth health = new WriteHealth(now::get);
    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void aWriteThatCommittedWithinTheLastSecondAnswersWithoutAProbe() {
        health.check(succeeding());
        assertEquals(1, probes.get(), "nothing vouches for a new store: it probes");

        now.addAndGet(WriteHealth.FRESH_NANOS - 1);
        health.check(succeeding());
        assertEquals(1, probes.get(), "the probe's own commit vouches for a second");

        now.addAndGet(1);
        health.check(succeeding());
        assertEquals(2, probes.get(), "a second later it probes again");

        now.addAndGet(10);
        health.committed();
        now.addAndGet(WriteHealth.FRESH_NANOS / 2);
        health.check(succeeding());
        assertEquals(2, probes.get(), "a real write vouches as well as a probe");
    }

    @Test
    void aFailedWriteMakesTheNextCheckProbeAndAFailedProbeIsNotRemembered() {
        health.committed();
        now.addAndGet(10);
        health.failed();
        now.addAndGet(10);

        StoreException full = new StoreException("disk full");
        assertSame(full, assertThrows(StoreException.class, () -> health.check(failing(full))));
        now.addAndGet(10);
        assertThrows(StoreException.class, () -> health.check(failing(full)));
        assertEquals(2, probes.get(), "a check after a failed probe probes again: room may have come back");

        now.addAndGet(10);
        health.check(succeeding());
        assertEquals(3, probes.get());
    }

    /** Callers that arrive while a probe runs take its outcome: a burst of checks costs one write. */
    @Test
    void callersWaitingForARunningProbeShareItsOutcome() throws Exception {
        assertEquals(List.of(CALLERS, 0), burst(succeeding()), "every caller passed, by one probe");
        assertEquals(1, probes.get());

        now.addAndGet(WriteHealth.FRESH_NANOS);
        health.failed();
        now.addAndGet(10);
        assertEquals(List.of(0, CALLERS), burst(failing(new StoreException("read-only"))));
        assertEquals(2, probes.get(), "every caller failed, by one probe");
    }

    /**
     * {@link #CALLERS} threads check at once; the first one's probe runs only once every other is waiting
     * for it. Returns how many checks passed and how many failed.
     */
    private List<Integer> burst(Runnable probe) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Runnable slowProbe = () -> {
            awaitOthersBlocked(threads);
            probe.run();
        };
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS, runnable -> {
            Thread thread = new Thread(runnable);
            synchronized (threads) {
                threads.add(thread);
            }
            return thread;
        });
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        health.check(slowProbe);
                        return true;
                    } catch (StoreException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int passed = 0;
            for (Future<Boolean> answer : answers) {
                passed += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            return List.of(passed, CALLERS - passed);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (with a deadline) until every caller but the probing one is blocked on the probe's lock. */
    private static void awaitOthersBlocked(List<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int blocked = 0;
            synchronized (threads) {
                for (Thread thread : threads) {
                    blocked += thread.getState() == Thread.State.BLOCKED ? 1 : 0;
                }
            }
            if (blocked == CALLERS - 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("only " + blocked + " callers waited for the probe");
            }
            Thread.onSpinWait();
        }
    }

    /** A probe whose write commits, reporting as the store's writes do. */
    private Runnable succeeding() {
        return () -> {
            probes.incrementAndGet();
            health.committed();
        };
    }

    private Runnable failing(StoreException failure) {
        return () -> {
            probes.incrementAndGet();
            health.failed();
            throw failure;
        };
    }
}
