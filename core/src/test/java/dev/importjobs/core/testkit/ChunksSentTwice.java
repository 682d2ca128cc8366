package dev.importjobs.core.testkit;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.RecordChunkCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Chunks of one job sent twice each, in a shuffled order, by threads that start together: the load that makes one
 * job's writes queue in a store (docs/storage.md#one-jobs-writes-together), for tests that then check every total.
 */
public final class ChunksSentTwice {
    private ChunksSentTwice() {
    }

    /**
     * Sends chunks {@code 0} to {@code chunks - 1}, each twice, from {@code threads} threads and returns how many
     * sends were applied; fails when they are not all answered within {@code within}.
     *
     * @param chunk the command of a chunk index
     */
    public static int send(ImportJobs jobs, int chunks, int threads, IntFunction<RecordChunkCommand> chunk,
            Duration within) throws Exception {
        List<Integer> sends = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            sends.add(i);
            sends.add(i);
        }
        Collections.shuffle(sends, new Random(7));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger named = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                task -> new Thread(task, "chunks-sent-twice-" + named.incrementAndGet()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                        if (jobs.recordChunk(chunk.apply(sends.get(i))).applied()) {
                            applied.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(within.toSeconds(), TimeUnit.SECONDS);
            }
            return applied.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
