package dev.importjobs.storage.jdbc;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One write of each job at a time in this store; the others wait their turn here, in the JVM, holding no
 * connection, instead of on the row's lock in the database. Each write then finds the job as the one before it
 * left it and kept it, so it can write from that state without reading the row
 * (docs/storage.md#writes-from-the-known-state), and hands its turn over in the JVM rather than through the
 * database's lock queue. Writes of other jobs, and other processes' writes, are not held up: the row's lock and
 * version still order those.
 */
final class JobTurns {
    private record Key(String organizationId, String id) {
    }

    /** The jobs whose writes run or wait now: an entry lives while anyone holds or waits for its turn. */
    private final Map<Key, Turn> turns = new HashMap<>();

    /** Waits until no other write of the job runs in this store; the turn is given back by closing it. */
    Turn take(String organizationId, String id) {
        Key key = new Key(organizationId, id);
        Turn turn;
        synchronized (this) {
            turn = turns.computeIfAbsent(key, Turn::new);
            turn.users++;
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

    /** A job's turn: held from {@link #take} until closed. */
    final class Turn implements AutoCloseable {
        private final Key key;
        private final ReentrantLock lock = new ReentrantLock();
        /** Guarded by the {@link JobTurns}: the writes holding or waiting for this turn. */
        private int users;

        private Turn(Key key) {
            this.key = key;
        }

        @Override
        public void close() {
            lock.unlock();
            left(this);
        }
    }
}
