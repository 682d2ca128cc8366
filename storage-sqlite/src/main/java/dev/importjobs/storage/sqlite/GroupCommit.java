package dev.importjobs.storage.sqlite;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.storage.jdbc.Statements;
import dev.importjobs.storage.jdbc.Transactions.Work;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.core.DB;

/**
 * The writer's group commit (docs/storage.md#group-commit): concurrent writes share one transaction and one
 * durable commit. A caller that finds no batch running leads: it runs its own write and every write that
 * waits meanwhile, in arrival order and in one transaction, commits once, and only then answers each caller;
 * then it hands the lead to the first caller still waiting. The others wait for their own outcome. So no
 * thread of its own runs the writer, and a lone writer commits at once, as without batching.
 *
 * <p>Each write but the first of a transaction runs in a savepoint: one that fails (a rule of core refusing
 * it, a duplicate key, a failed statement of its own) is rolled back alone, its caller gets its own
 * exception, and the others commit. A first write that fails rolls back the whole transaction, which holds
 * nothing else yet, and the next write begins a new one. A failed {@code COMMIT}, or a failure that makes
 * SQLite end the transaction itself, fails every write the transaction held with the store error.
 *
 * <p>A batch takes at most {@link #MAX_WRITES} writes, and no more once they changed {@link #MAX_ROWS} rows
 * (SQLite's own count, line errors included), so one commit never grows without bound.
 *
 * <p>A batch smaller than the one before it waits a moment for more writes before it commits: callers answered
 * by the last commit come back with their next write, and without the wait the first of them would commit
 * alone while the others queue behind it (batches of 1 and n−1 in turn). The wait ends as soon as the batch is
 * as large as the last one, and lasts at most as long as the last {@code COMMIT} took (never more than
 * {@link #MAX_GATHER_NANOS}): a lone writer, whose last batch was its own write, never waits, and a batch that
 * waits in vain costs at most one more commit's time. The next batch expects only as many writes as came.
 */
final class GroupCommit {
    static final int MAX_WRITES = 64;
    static final long MAX_ROWS = 2_000;
    /** The longest a batch waits for more writes, whatever the last commit took. */
    static final long MAX_GATHER_NANOS = 2_000_000;

    private static final String SAVEPOINT = "SAVEPOINT write";
    private static final String RELEASE = "RELEASE write";
    private static final String ROLLBACK_TO = "ROLLBACK TO write";

    private final Statements writer;
    private final DB database;
    /** Held by the leader while it uses the writer, and by {@link #close} to wait for it. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Object queue = new Object();
    /** Writes not yet taken into a batch, oldest first; guarded by {@link #queue}. */
    private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
    /** Whether a caller leads (or has been handed the lead); guarded by {@link #queue}. */
    private boolean led;
    private volatile boolean closed;
    /** The leader while it waits for more writes, to be woken by the next one; else null. */
    private volatile Thread gathering;
    /** How many writes the last batch took, and how long its {@code COMMIT} took: used only by the leader. */
    private int lastBatch;
    private long lastCommitNanos;

    /**
     * @param writer   the writer connection's kept statements, used only by the leader
     * @param database the writer connection's SQLite handle, for its count of changed rows
     */
    GroupCommit(Statements writer, DB database) {
        this.writer = writer;
        this.database = database;
    }

    /** Runs {@code work} in a write transaction, with whatever other writes wait, and returns once it committed. */
    <T> T write(Work<T> work) {
        if (writing.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write cannot start another write of the same store");
        }
        Pending<T> mine = new Pending<>(work);
        boolean lead;
        synchronized (queue) {
            waiting.add(mine);
            lead = !led;
            led = true;
        }
        Thread leader = gathering;
        if (leader != null) {
            LockSupport.unpark(leader);
        }
        if (!lead) {
            mine.awaitTurn();
        }
        if (!mine.isDone()) {
            lead(); // handed the lead: this write is the first one waiting
        }
        return mine.outcome();
    }

    /** How many writes wait to be taken into a batch: for tests that line writes up behind a batch. */
    int waiting() {
        synchronized (queue) {
            return waiting.size();
        }
    }

    /**
     * Fails the writes still waiting and, once the batch that runs has ended, the ones that come; the caller
     * then closes the connection.
     */
    void close() {
        closed = true;
        writing.lock();
    }

    /** Lets the next batch run (after {@link #close}: it fails its writes). */
    void closed() {
        writing.unlock();
    }

    private void lead() {
        List<Pending<?>> batch = new ArrayList<>();
        writing.lock();
        try {
            if (closed) {
                refuseAll(batch);
            } else {
                run(batch);
            }
        } catch (RuntimeException | Error unexpected) {
            // What the batch could not hand to one caller (an Error, most likely) goes to each of them, and
            // leaves no transaction open for the next batch.
            writer.rollBack(unexpected);
            for (Pending<?> pending : batch) {
                pending.failIfOpen(unexpected);
            }
        } finally {
            writing.unlock();
            Pending<?> next;
            synchronized (queue) {
                next = waiting.peek();
                led = next != null;
            }
            if (next != null) {
                next.handLead();
            }
            for (Pending<?> pending : batch) {
                pending.answer();
            }
        }
    }

    /**
     * Runs writes from the queue until it is empty (after waiting a moment for more, when the batch is smaller
     * than the last one) or the batch is full, then commits. {@code written} holds the writes whose changes the
     * open transaction holds.
     */
    private void run(List<Pending<?>> batch) {
        long changesBefore = changes();
        List<Pending<?>> written = new ArrayList<>();
        boolean open = false;
        long gatherUntil = 0;
        while (true) {
            Pending<?> next = take(batch, changesBefore);
            if (next == null) {
                if (!open || batch.size() >= lastBatch || full(batch, changesBefore)) {
                    break;
                }
                if (gatherUntil == 0) {
                    gatherUntil = System.nanoTime() + Math.min(lastCommitNanos, MAX_GATHER_NANOS);
                }
                if (!awaitWrite(gatherUntil)) {
                    break;
                }
                continue;
            }
            if (!open) {
                try {
                    writer.prepare("BEGIN IMMEDIATE").execute();
                } catch (SQLException e) {
                    // Another process holds the lock past the busy timeout, or the file fails: the writes waiting
                    // behind would wait as long and fail alike, so the batch ends here.
                    writer.dropAfter(e);
                    next.fail(e);
                    return;
                }
                open = true;
            }
            if (written.isEmpty()) {
                if (!next.run(writer)) {
                    writer.rollBack(next.failure);
                    open = false;
                }
            } else {
                SQLException ended = runInSavepoint(next);
                if (ended != null) {
                    // SQLite ended the transaction itself (as on some I/O errors): what it held is gone, and
                    // the others get the store's error, not this write's own.
                    failAll(written, ended);
                    written.clear();
                    open = false;
                    break;
                }
            }
            if (next.failure == null) {
                written.add(next);
            }
        }
        if (open) {
            long commitStarted = System.nanoTime();
            try {
                writer.prepare("COMMIT").execute();
            } catch (SQLException e) {
                writer.rollBack(e);
                failAll(written, e);
            }
            lastCommitNanos = System.nanoTime() - commitStarted;
        }
        lastBatch = batch.size();
    }

    /**
     * Parks until a write waits or {@code deadline} ({@link System#nanoTime()}) passes; true when one waits.
     * The next {@link #write} unparks it.
     */
    private boolean awaitWrite(long deadline) {
        gathering = Thread.currentThread();
        try {
            while (true) {
                synchronized (queue) {
                    if (!waiting.isEmpty()) {
                        return true;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || closed) {
                    return false;
                }
                LockSupport.parkNanos(this, remaining);
            }
        } finally {
            gathering = null;
        }
    }

    /**
     * Runs the write in a savepoint, undone if it fails. Returns null when the transaction survived, else the
     * error that ended it (the savepoint could not be set, released or rolled back to), after it has been
     * rolled back; the write itself has failed then too, with its own error where it had one.
     */
    private SQLException runInSavepoint(Pending<?> pending) {
        try {
            writer.prepare(SAVEPOINT).execute();
        } catch (SQLException e) {
            pending.fail(e);
            writer.rollBack(e);
            return e;
        }
        if (pending.run(writer)) {
            try {
                writer.prepare(RELEASE).execute();
                return null;
            } catch (SQLException e) {
                pending.fail(e);
                writer.rollBack(e);
                return e;
            }
        }
        try {
            writer.prepare(ROLLBACK_TO).execute();
            writer.prepare(RELEASE).execute();
        } catch (SQLException e) {
            pending.failure.addSuppressed(e);
            writer.rollBack(e);
            return e;
        }
        if (pending.failure instanceof SQLException) {
            writer.dropAfter(pending.failure);
        }
        return null;
    }

    /** The next write of the batch, or null when none waits or the batch is full. */
    private Pending<?> take(List<Pending<?>> batch, long changesBefore) {
        if (full(batch, changesBefore)) {
            return null;
        }
        Pending<?> next;
        synchronized (queue) {
            next = waiting.poll();
        }
        if (next != null) {
            batch.add(next);
        }
        return next;
    }

    /** Whether the batch takes no more writes: {@link #MAX_WRITES} of them, or {@link #MAX_ROWS} rows changed. */
    private boolean full(List<Pending<?>> batch, long changesBefore) {
        return batch.size() >= MAX_WRITES || !batch.isEmpty() && changes() - changesBefore >= MAX_ROWS;
    }

    /** How many rows the writer has changed since it opened: SQLite's count, read without a statement. */
    private long changes() {
        try {
            return database.total_changes();
        } catch (SQLException e) {
            throw new StoreException("SQLite write failed", e);
        }
    }

    private void refuseAll(List<Pending<?>> batch) {
        IllegalStateException closedStore = new IllegalStateException("the SQLite store is closed");
        synchronized (queue) {
            batch.addAll(waiting);
            waiting.clear();
        }
        for (Pending<?> pending : batch) {
            pending.fail(closedStore);
        }
    }

    private static void failAll(List<Pending<?>> writes, Throwable cause) {
        for (Pending<?> pending : writes) {
            pending.fail(cause);
        }
    }

    /** One caller's write: its work, and its outcome once the batch has committed (or failed). */
    private static final class Pending<T> {
        private static final int WAITING = 0;
        private static final int LEADING = 1;
        private static final int DONE = 2;

        private final Work<T> work;
        private final Thread caller = Thread.currentThread();
        /** Set by the leader before {@link #state} says {@link #DONE}, which publishes them. */
        private T result;
        private Throwable failure;
        private volatile int state = WAITING;

        Pending(Work<T> work) {
            this.work = work;
        }

        /** Runs the work on the writer; false when it failed (its {@link #failure}). */
        boolean run(Statements writer) {
            try {
                result = work.run(writer);
                return true;
            } catch (SQLException | RuntimeException | Error e) {
                failure = e;
                return false;
            }
        }

        void fail(Throwable cause) {
            result = null;
            failure = cause;
        }

        void failIfOpen(Throwable cause) {
            if (state != DONE && failure == null) {
                fail(cause);
            }
        }

        /** Parks until the outcome is known or the lead is handed over, keeping an interrupt for later. */
        void awaitTurn() {
            boolean interrupted = false;
            while (state == WAITING) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                caller.interrupt();
            }
        }

        boolean isDone() {
            return state == DONE;
        }

        void handLead() {
            state = LEADING;
            LockSupport.unpark(caller);
        }

        void answer() {
            state = DONE;
            if (caller != Thread.currentThread()) {
                LockSupport.unpark(caller);
            }
        }

        T outcome() {
            if (failure == null) {
                return result;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new StoreException("SQLite write failed", failure);
        }
    }
}
