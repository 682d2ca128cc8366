package dev.importjobs.core.service;

import dev.importjobs.core.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the jobs that ended (completed, failed or cancelled) more than the retention ago, with their line
 * errors and chunk records (docs/model.md#retention). A pass deletes them in batches of at most
 * {@link #BATCH} jobs, each batch one short transaction of the store ({@link JobStore#deleteExpired}), and
 * pauses between batches for as long as the batch took (at least {@link #MIN_PAUSE}), so writes waiting
 * for the store go first: a chunk waits for at most one batch, never for a whole pass.
 *
 * <p>The cutoff comes from the injected clock; a daemon thread only schedules passes ({@link #start}), so
 * tests run {@link #pass()} themselves and never wait for the thread.
 */
final class Retention implements AutoCloseable {
    /** Jobs per batch: small enough that one batch is a short write, even for jobs with many line errors. */
    static final int BATCH = 100;
    /** The shortest pause between two batches. */
    static final Duration MIN_PAUSE = Duration.ofMillis(5);
    /** Passes run a tenth of the retention apart, within these bounds. */
    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** How long {@link #close} waits for the batch under way. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger("dev.importjobs.retention");

    private final JobStore store;
    private final Clock clock;
    private final Duration retention;
    private final int batchSize;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private ScheduledExecutorService scheduler;

    Retention(JobStore store, Clock clock, Duration retention, int batchSize) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.batchSize = batchSize;
    }

    /** How far apart passes run: a tenth of the retention, from one minute to one hour. */
    static Duration interval(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL
                : tenth.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : tenth;
    }

    /** Runs a pass now and then every {@link #interval}, on a daemon thread of its own. */
    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "importjobs-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::scheduledPass, 0, interval(retention).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A pass as the schedule runs it: a failure is logged, and the next pass comes all the same. */
    void scheduledPass() {
        try {
            pass();
        } catch (RuntimeException e) {
            // A failing store (busy, down) must not end the schedule: the next pass tries again.
            LOG.log(System.Logger.Level.ERROR, "retention pass failed; the next runs in " + interval(retention), e);
        }
    }

    /**
     * Deletes every job that ended before now less the retention, batch by batch, and logs one line with
     * the count; returns how many jobs went. Stops after the batch under way once {@link #close} is called.
     */
    long pass() {
        Instant cutoff = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(retention);
        long started = System.nanoTime();
        long deleted = 0;
        int batches = 0;
        boolean more = true;
        while (more) {
            long batchStarted = System.nanoTime();
            int count = store.deleteExpired(cutoff, batchSize);
            batches++;
            deleted += count;
            more = count == batchSize && pause(Math.max(MIN_PAUSE.toNanos(), System.nanoTime() - batchStarted));
        }
        long total = deleted;
        int batchCount = batches;
        LOG.log(System.Logger.Level.INFO, () -> String.format("retention: deleted %d jobs that ended before %s "
                + "in %d batches (%d ms)", total, cutoff, batchCount, (System.nanoTime() - started) / 1_000_000));
        return deleted;
    }

    /** Waits {@code nanos}; false when the retention is stopping meanwhile. */
    private boolean pause(long nanos) {
        try {
            return !stopping.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the schedule: a pass under way ends after its current batch, and no pass starts again. */
    @Override
    public synchronized void close() {
        stopping.countDown();
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
