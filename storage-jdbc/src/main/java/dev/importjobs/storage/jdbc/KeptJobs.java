package dev.importjobs.storage.jdbc;

import dev.importjobs.core.model.ImportJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs this store wrote recently, as its last committed change of each left them: the job's row and what
 * that change answered (the job with its first line errors).
 *
 * <p>A retry of a chunk is answered from the two numbers its check reads, the row's {@code seq} and
 * {@code version} (docs/storage.md#retried-chunks). Every change of a job raises its version
 * (docs/model.md#the-job), so a kept answer of the version the check read is the job as it is now, whoever
 * wrote it; any other version is a miss, and the store reads the job. Only committed states are kept.
 *
 * <p>A write reads the row it changes the same way ({@link #stored}): the two numbers, and the whole row only when
 * no answer of that version is kept. It may skip that read altogether ({@link #known}): when the job's kept state
 * is the one this store wrote last, with no other write of it seen since, the write applies core's rules to it
 * and updates the row only if its version is still that one (docs/storage.md#writes-from-the-known-state).
 *
 * <p>At most {@link #CAPACITY} jobs, the least recently used going first: the jobs that workers send
 * chunks to now.
 */
final class KeptJobs {
    static final int CAPACITY = 256;
    /**
     * The most line errors an answer kept carries: a chunk's answer has a few (a listing's preview). An answer
     * asked with more (a job read whole) is kept as the job's state only, so 256 jobs never hold their thousands
     * of lines here.
     */
    static final int MOST_LINES = 16;
    /** The {@code lineErrorLimit} of a state kept without its answer: no caller's limit, so no answer is found. */
    private static final int NO_ANSWER = -1;

    private record Key(String organizationId, String id) {
    }

    /**
     * A job as answered with {@code lineErrorLimit} line errors, at the row {@code seq} with its line-error count and
     * create fingerprint; an index no chunk it has recorded in that version is above, when known ({@code null}
     * otherwise); and whether this state followed the one kept before it, as far as this store has seen: no write
     * of another store (or one this store did not keep) came between them.
     */
    private record Answer(long seq, long lineErrorCount, String createFingerprint, int lineErrorLimit, ImportJob job,
            Integer recordedAtMost, boolean followsKept) {
    }

    /** The job's row as last kept, and an index no chunk it has recorded is above, when known. */
    record Known(JobRows.Row row, Integer recordedAtMost) {
    }

    private final Map<Key, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The job's row as kept, when the kept state followed the one kept before it (or was the first kept): the
     * state a write of this store may apply core's rules to, to be checked by the row's version when written.
     * Empty when nothing is kept, or when another store's write was seen since, or a guess from the kept state
     * missed (a read of the row then costs less than a missed guess).
     */
    synchronized Optional<Known> known(String organizationId, String id) {
        Answer answer = answers.get(new Key(organizationId, id));
        if (answer == null || !answer.followsKept()) {
            return Optional.empty();
        }
        return Optional.of(new Known(new JobRows.Row(answer.seq(), answer.lineErrorCount(), answer.createFingerprint(),
                answer.job().withErrorReport(List.of(), false)), answer.recordedAtMost()));
    }

    /** A write from the kept state found the row moved on: write from the row until a state is kept again. */
    synchronized void missed(String organizationId, String id) {
        Key key = new Key(organizationId, id);
        Answer answer = answers.get(key);
        if (answer != null && answer.followsKept()) {
            answers.put(key, new Answer(answer.seq(), answer.lineErrorCount(), answer.createFingerprint(),
                    answer.lineErrorLimit(), answer.job(), answer.recordedAtMost(), false));
        }
    }

    /** The kept answer for the job at row {@code seq} and {@code version}, carrying {@code lineErrorLimit} line errors. */
    synchronized Optional<ImportJob> find(String organizationId, String id, long seq, long version,
            int lineErrorLimit) {
        Answer answer = answers.get(new Key(organizationId, id));
        if (answer == null || answer.seq() != seq || answer.job().version() != version
                || answer.lineErrorLimit() != lineErrorLimit) {
            return Optional.empty();
        }
        return Optional.of(answer.job());
    }

    /** Forgets the job, once deleted: what was kept of it answers nothing any more. */
    synchronized void forget(String organizationId, String id) {
        answers.remove(new Key(organizationId, id));
    }

    /** Whether an answer is kept for the job, of any version. */
    synchronized boolean knows(String organizationId, String id) {
        return answers.containsKey(new Key(organizationId, id));
    }

    /** The job as stored at row {@code seq} and {@code version} (without line errors), when an answer of it is kept. */
    synchronized Optional<ImportJob> stored(String organizationId, String id, long seq, long version) {
        Answer answer = answers.get(new Key(organizationId, id));
        if (answer == null || answer.seq() != seq || answer.job().version() != version) {
            return Optional.empty();
        }
        return Optional.of(answer.job().withErrorReport(List.of(), false));
    }

    /**
     * An index no chunk recorded for the job at row {@code seq} and {@code version} is above, when known: every
     * chunk is recorded by a change that raises the version, so while the version is the one kept, so is the
     * set of recorded chunks, whichever process reads it (docs/storage.md#retried-chunks).
     */
    synchronized Integer recordedAtMost(String organizationId, String id, long seq, long version) {
        Answer answer = answers.get(new Key(organizationId, id));
        if (answer == null || answer.seq() != seq || answer.job().version() != version) {
            return null;
        }
        return answer.recordedAtMost();
    }

    /**
     * Whether looking for the chunk before the writer may pay: false when an answer is kept for the job and
     * the chunk comes after its {@code lastProcessedChunkIndex}, the next chunk of a job being worked on, as
     * far as this store has seen. A wrong guess costs time, never exactness: the chunk then goes to the
     * write transaction, which finds it recorded.
     */
    synchronized boolean mayBeRecorded(String organizationId, String id, int chunkIndex) {
        Answer answer = answers.get(new Key(organizationId, id));
        if (answer == null) {
            return true;
        }
        Integer resumeAfter = answer.job().lastProcessedChunkIndex();
        return resumeAfter != null && chunkIndex <= resumeAfter;
    }

    /**
     * Keeps {@code job}, a committed state of {@code row} read with {@code lineErrorLimit} line errors, and an index
     * no chunk recorded in it is above when known ({@code null} otherwise), unless a later version of it is kept
     * already (callers of one batch return in any order). {@code versionBefore} is the version the write that made
     * it read (for a read, the version read): the state follows the kept one when that is the kept version.
     */
    synchronized void keep(JobRows.Row row, int lineErrorLimit, ImportJob job, Integer recordedAtMost,
            long versionBefore) {
        Key key = new Key(job.organizationId(), job.id());
        Answer kept = answers.get(key);
        boolean sameRow = kept != null && kept.seq() == row.seq();
        boolean same = sameRow && kept.job().version() == job.version();
        if (!sameRow || kept.job().version() <= job.version()) {
            // The same state read again (a retry's read keeps it too): what is known of its chunks stays known.
            Integer bound = recordedAtMost == null && same ? kept.recordedAtMost() : recordedAtMost;
            // A first state kept (or a new row) counts as following: a guess from it is checked by its version.
            boolean follows = !sameRow || (same ? kept.followsKept() : kept.job().version() == versionBefore);
            boolean answerKept = lineErrorLimit <= MOST_LINES;
            answers.put(key, new Answer(row.seq(), row.lineErrorCount(), row.createFingerprint(),
                    answerKept ? lineErrorLimit : NO_ANSWER, answerKept ? job : job.withErrorReport(List.of(), false),
                    bound, follows));
        }
    }
}
