package dev.importjobs.storage.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One write of each job at a time in this store; the others wait their turn here, in the JVM, holding no
 * connection, instead of on the row's lock in the database. A write joins the job's queue and waits for the
 * turn; whoever gets it takes every write queued by then and runs them together, one transaction and one commit
 * for all (docs/storage.md#one-jobs-writes-together), so a write may find its work done when its turn comes.
 * Writes of other jobs, and other processes' writes, are not held up: the row's lock and version still order
 * those.
 *
 * @param <Q> a queued write
 */
final class JobTurns<Q> {
    /** The most writes one turn takes: a bound on one transaction's length and on the row lock's hold. */
    static final int MOST_TAKEN = 64;

    private record Key(String organizationId, String id) {
    }

    /** The jobs whose writes run or wait now: an entry lives while anyone holds or waits for its turn. */
    private final Map<Key, Turn> turns = new HashMap<>();

    /** Queues {@code write} and waits until no other turn of the job is held in this store; closing gives it back. */
    Turn enter(String organizationId, String id, Q write) {
        Key key = new Key(organizationId, id);
        Turn turn;
        synchronized (this) {
            turn = turns.computeIfAbsent(key, Turn::new);
            turn.users++;
            turn.queued.add(write);
        }
        turn.lock.lock();
        return turn;
    }

    /** How many jobs have a turn held or waited for now. */
    synchronized int jobsTakingTurns() {
        return turns.size();
    }

    private synchronized void left(Turn turn) {
        if (--turn.users == 0) {
            turns.remove(turn.key);
        }
    }

    /** A job's turn: held from {@link #enter} until closed. */
    final class Turn implements AutoCloseable {
        private final Key key;
        private final ReentrantLock lock = new ReentrantLock();
        /** Guarded by the {@link JobTurns}: the writes holding or waiting for this turn. */
        private int users;
        /** Guarded by the {@link JobTurns}: writes queued and not yet taken, oldest first. */
        private final List<Q> queued = new ArrayList<>();

        private Turn(Key key) {
            this.key = key;
        }

        /** Takes the writes queued so far, oldest first, at most {@link #MOST_TAKEN}; the rest stay for the next turn. */
        List<Q> take() {
            synchronized (JobTurns.this) {
                List<Q> first = queued.subList(0, Math.min(queued.size(), MOST_TAKEN));
                List<Q> taken = new ArrayList<>(first);
                first.clear();
                return taken;
            }
        }

        @Override
        public void close() {
            lock.unlock();
            left(this);
        }
    }
}
