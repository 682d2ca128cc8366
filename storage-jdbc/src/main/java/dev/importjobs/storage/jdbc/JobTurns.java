package dev.importjobs.storage.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One turn of each job's writes at a time in this store; the other writes wait here, in the JVM, holding no
 * connection, instead of on the row's lock in the database. A write joins the job's queue. If no turn is held,
 * it leads one: it takes the writes queued by then (its own first, at most {@link #MOST_TAKEN}) and runs them
 * together, one transaction and one commit for all (docs/storage.md#one-jobs-writes-together), then passes the
 * lead to the first write still queued. The
 * others wait until their write is done, or until they are passed the lead. All the writes a turn ran are
 * answered at once, so they come back together and the next turn takes them all. Writes of other jobs, and
 * other processes' writes, are not held up: the row's lock and version still order those.
 *
 * @param <Q> a queued write
 */
final class JobTurns<Q> {
    /** The most writes one turn takes: a bound on one transaction's length and on the row lock's hold. */
    static final int MOST_TAKEN = 64;

    private record Key(String organizationId, String id) {
    }

    private final Predicate<Q> done;
    private final ReentrantLock lock = new ReentrantLock();
    /** The jobs with a turn held: an entry lives while a turn runs or writes wait for one. Guarded by {@link #lock}. */
    private final Map<Key, Turn> turns = new HashMap<>();

    /** @param done whether a queued write has run (read under this object's lock, after a turn passed on) */
    JobTurns(Predicate<Q> done) {
        this.done = done;
    }

    /**
     * Queues {@code write} and waits: empty once another write's turn ran it; the turn when it is this write's to
     * lead, which the caller runs ({@link Turn#take}) and then passes on ({@link Turn#pass}).
     */
    Optional<Turn> enter(String organizationId, String id, Q write) {
        lock.lock();
        try {
            Turn turn = turns.computeIfAbsent(new Key(organizationId, id), Turn::new);
            turn.queued.add(write);
            if (turn.leader == null) {
                turn.leader = write;
            }
            while (turn.leader != write && !done.test(write)) {
                turn.passed.awaitUninterruptibly();
            }
            return turn.leader == write ? Optional.of(turn) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** How many jobs have a turn held now. */
    int jobsTakingTurns() {
        lock.lock();
        try {
            return turns.size();
        } finally {
            lock.unlock();
        }
    }

    /** A job's turn, led by one write from {@link #enter} until {@link #pass}. */
    final class Turn {
        private final Key key;
        /** Signalled when the turn passes on: its writes are done, or the lead is another's. */
        private final Condition passed = lock.newCondition();
        /** Guarded by the lock: writes queued and not yet taken, oldest first. */
        private final List<Q> queued = new ArrayList<>();
        /** Guarded by the lock: the write whose caller leads the turn now. */
        private Q leader;

        private Turn(Key key) {
            this.key = key;
        }

        /** Takes the writes queued so far, oldest first (the leader's own first), at most {@link #MOST_TAKEN}. */
        List<Q> take() {
            lock.lock();
            try {
                List<Q> first = queued.subList(0, Math.min(queued.size(), MOST_TAKEN));
                List<Q> taken = new ArrayList<>(first);
                first.clear();
                return taken;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Ends the leader's turn once every write it took is done: wakes their callers, and passes the lead to
         * the first write queued meanwhile, if any.
         */
        void pass() {
            lock.lock();
            try {
                leader = queued.isEmpty() ? null : queued.get(0);
                if (leader == null) {
                    turns.remove(key);
                }
                passed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
