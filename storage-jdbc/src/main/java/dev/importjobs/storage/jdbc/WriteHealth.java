package dev.importjobs.storage.jdbc;

import dev.importjobs.core.error.StoreException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether the store can commit a write now, for {@link JdbcJobStore#ping()} (docs/storage.md#health). The
 * outcome of the latest write answers: a write that committed less than {@link #FRESH_NANOS} ago says yes,
 * a failed one says "find out". Finding out is a probe, a tiny write of its own, and a health checker may
 * call often, so at most one probe runs at a time and callers that arrive while it runs take its outcome;
 * on a busy store real writes answer and no probe runs at all.
 */
final class WriteHealth {
    /** How long a committed write vouches for the store. */
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoTime;
    private final Object probing = new Object();
    /** When the latest write committed, and when the latest one failed ({@link #nanoTime}). */
    private volatile long committedAt;
    private volatile long failedAt;
    /** The latest probe's failure and when it ended; guarded by {@link #probing}. */
    private StoreException probeFailure;
    private long probeEndedAt;

    WriteHealth() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock, {@code System.nanoTime} but in tests */
    WriteHealth(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        long never = nanoTime.getAsLong() - 2 * FRESH_NANOS;
        committedAt = never;
        failedAt = never;
    }

    void committed() {
        committedAt = nanoTime.getAsLong();
    }

    void failed() {
        failedAt = nanoTime.getAsLong();
    }

    /**
     * Returns when the store can write, else throws the {@link StoreException} saying why; runs
     * {@code probe} (a write that reports to {@link #committed()} or {@link #failed()}) unless a recent
     * write answers already.
     */
    void check(Runnable probe) {
        long asked = nanoTime.getAsLong();
        if (vouched(asked)) {
            return;
        }
        synchronized (probing) {
            if (vouched(nanoTime.getAsLong())) {
                return; // a probe that ran while this caller waited succeeded
            }
            if (probeFailure != null && probeEndedAt - asked >= 0) {
                throw new StoreException("the store cannot write: " + probeFailure.getMessage(), probeFailure);
            }
            try {
                probe.run();
            } catch (StoreException e) {
                probeFailure = e;
                probeEndedAt = nanoTime.getAsLong();
                throw e;
            }
        }
    }

    private boolean vouched(long now) {
        long committed = committedAt;
        return committed - failedAt > 0 && now - committed < FRESH_NANOS;
    }
}
