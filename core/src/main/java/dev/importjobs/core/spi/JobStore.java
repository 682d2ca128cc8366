package dev.importjobs.core.spi;

import dev.importjobs.core.error.StoreException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where jobs live. A store keeps data and makes operations atomic; it holds no business rule. Every
 * decision (transitions, counters, exactly-once chunks, caps) is made by core, in the pure
 * {@link JobModification} a store runs inside its own transaction.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Jobs are addressed by {@code (organizationId, id)}: a job of another organization does not
 *       exist for the caller.</li>
 *   <li>{@link #insert} and {@link #modify} are atomic and serializable with each other: a modification
 *       sees the effect of every write that completed before it, and no two modifications of one job
 *       interleave. Once they return, the write is durable (for a persistent store).</li>
 *   <li>Reads ({@link #findById}, {@link #list}, …) see a consistent snapshot; {@link #list} counts and
 *       pages within the same snapshot.</li>
 *   <li>An exception thrown by a modification propagates unchanged and nothing is written.</li>
 *   <li>{@link DuplicateIdempotencyKeyException} means another job of the organization holds the key;
 *       nothing was written. Any other failure of the store itself is a {@link StoreException}.</li>
 *   <li>Line errors keep the order they were written in, per job.</li>
 *   <li>Every insert, every modification that writes, and every delete puts the job (or its deletion) at a
 *       new position of its organization's change feed ({@link #changesSince}), durably with the write.</li>
 * </ul>
 * Implementations are thread-safe. {@code dev.importjobs.core.testkit.JobStoreContract}, in core's
 * test-jar, is the executable form of this contract.
 */
public interface JobStore extends AutoCloseable {

    /**
     * Stores a new job with its line errors ({@link ImportJob#errorReport()}) and the fingerprint of the
     * create request that made it.
     *
     * @throws DuplicateIdempotencyKeyException when the job has an idempotency key another job of its
     *                                          organization already holds
     */
    void insert(ImportJob job, String createFingerprint);

    /**
     * The job with up to {@code lineErrorLimit} of its line errors (in write order) and
     * {@link ImportJob#errorReportHasMore()} telling whether more are stored.
     */
    Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit);

    /** The job holding an idempotency key in the organization, with the fingerprint it was created from. */
    Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey, int lineErrorLimit);

    /**
     * Runs {@code modification} on the current state of a job and writes its outcome, all in one
     * transaction. Returns empty when there is no such job (the modification did not run).
     *
     * @param lineErrorLimit how many line errors the returned job carries, as in {@link #findById}
     * @throws DuplicateIdempotencyKeyException when the outcome gives the job a key another job holds
     */
    <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification);

    /** Deletes a job with its line errors and chunk records; false when there was no such job. */
    boolean delete(String organizationId, String id);

    /** One page of a listing and the number of jobs matching its filter, from one snapshot. */
    JobSlice list(JobListing listing);

    /**
     * Line errors of the given severities (all when the set is empty) in write order, from
     * {@code offset}, with their total; empty when there is no such job.
     */
    Optional<LineErrorSlice> listLineErrors(String organizationId, String id, Set<Severity> severities,
            long offset, int limit);

    /**
     * Hands every stored line error of the given severities (all when empty) to {@code sink}, in write
     * order, without holding them all in memory; false when there is no such job.
     */
    boolean forEachLineError(String organizationId, String id, Set<Severity> severities, Consumer<LineError> sink);

    /**
     * The organization's change feed after position {@code after} (docs/storage.md#the-change-feed): each job
     * changed since, once, as it is now (with up to {@code lineErrorPreview} line errors, as in a listing), and
     * each job deleted since, oldest change first.
     *
     * <ul>
     *   <li>Positions only grow: a change made visible after a read that answered {@code latest = p} has a
     *       position greater than {@code p}, so a reader that follows {@code next()} misses nothing and never
     *       reads a change twice. Changes made by other processes over the same data are included.</li>
     *   <li>A modification that writes nothing (a retried chunk, a no-op update) and a refused one do not
     *       move the job; a deleted job's entry is its deletion.</li>
     *   <li>At most {@code limit} changes are returned, except that changes sharing one position (several
     *       jobs changed by one transaction) are never split between reads.</li>
     *   <li>The newest {@link JobChanges#DELETIONS_KEPT} deletions of each organization are kept; a read from
     *       before a forgotten one, or from a position later than any the feed has given, is not
     *       {@link JobChanges#resumable()}.</li>
     * </ul>
     *
     * @param limit at least 1
     */
    JobChanges changesSince(String organizationId, long after, int limit, int lineErrorPreview);

    /**
     * The secret kept under {@code name}: {@code bytes} random bytes made by the first caller ever and kept
     * by the store, so that every process over the same data — after a restart, or another server on the
     * same database — gets the same one. Listing cursors are signed with one, so a cursor made by one
     * server is accepted by the next (docs/model.md#listing-and-pages). A store that keeps nothing (in
     * memory) keeps it for its own lifetime.
     */
    byte[] sharedSecret(String name, int bytes);

    /**
     * Throws a {@link StoreException} unless the store can answer queries and commit a write now, so that a
     * health check tells a full disk or a read-only file from a healthy store. It may write a little to find
     * out; how often it does is the store's to bound, since health checkers call it often.
     */
    void ping();

    /** Releases the store's resources; a persistent store leaves its files consistent. */
    @Override
    void close();
}
