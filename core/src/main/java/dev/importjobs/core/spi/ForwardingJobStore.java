package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A store that hands every call to another. A store made of parts extends it to be its own public type
 * while the work is done elsewhere (the SQLite and PostgreSQL stores over the shared JDBC store, which
 * write only a dialect and migrations); a test extends it to observe or change one call.
 */
public abstract class ForwardingJobStore implements JobStore {
    private final JobStore delegate;

    protected ForwardingJobStore(JobStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void insert(ImportJob job, String createFingerprint) {
        delegate.insert(job, createFingerprint);
    }

    @Override
    public Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
        return delegate.findById(organizationId, id, lineErrorLimit);
    }

    @Override
    public Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey,
            int lineErrorLimit) {
        return delegate.findByIdempotencyKey(organizationId, idempotencyKey, lineErrorLimit);
    }

    @Override
    public <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification) {
        return delegate.modify(organizationId, id, lineErrorLimit, modification);
    }

    @Override
    public Optional<ImportJob> findIfChunkRecorded(String organizationId, String id, int chunkIndex,
            int lineErrorLimit) {
        return delegate.findIfChunkRecorded(organizationId, id, chunkIndex, lineErrorLimit);
    }

    @Override
    public boolean delete(String organizationId, String id) {
        return delegate.delete(organizationId, id);
    }

    @Override
    public int deleteExpired(Instant completedBefore, int limit) {
        return delegate.deleteExpired(completedBefore, limit);
    }

    @Override
    public JobSlice list(JobListing listing) {
        return delegate.list(listing);
    }

    @Override
    public Optional<LineErrorSlice> listLineErrors(String organizationId, String id, Set<Severity> severities,
            long offset, int limit) {
        return delegate.listLineErrors(organizationId, id, severities, offset, limit);
    }

    @Override
    public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
            Consumer<LineError> sink) {
        return delegate.forEachLineError(organizationId, id, severities, sink);
    }

    @Override
    public JobChanges changesSince(String organizationId, long after, int limit, int lineErrorPreview) {
        return delegate.changesSince(organizationId, after, limit, lineErrorPreview);
    }

    @Override
    public byte[] sharedSecret(String name, int bytes) {
        return delegate.sharedSecret(name, bytes);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
