package dev.importjobs.http;

import dev.importjobs.core.memory.InMemoryJobStore;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.spi.LineErrorSlice;
import dev.importjobs.core.spi.Modified;
import dev.importjobs.core.spi.StoredCreate;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The in-memory store, for tests that change what one operation does by overriding it. */
class ForwardingJobStore implements JobStore {
    private final InMemoryJobStore store = new InMemoryJobStore();

    @Override
    public void insert(ImportJob job, String createFingerprint) {
        store.insert(job, createFingerprint);
    }

    @Override
    public Optional<ImportJob> findById(String organizationId, String id, int lineErrorLimit) {
        return store.findById(organizationId, id, lineErrorLimit);
    }

    @Override
    public Optional<StoredCreate> findByIdempotencyKey(String organizationId, String idempotencyKey,
            int lineErrorLimit) {
        return store.findByIdempotencyKey(organizationId, idempotencyKey, lineErrorLimit);
    }

    @Override
    public <R> Optional<Modified<R>> modify(String organizationId, String id, int lineErrorLimit,
            JobModification<R> modification) {
        return store.modify(organizationId, id, lineErrorLimit, modification);
    }

    @Override
    public boolean delete(String organizationId, String id) {
        return store.delete(organizationId, id);
    }

    @Override
    public JobSlice list(JobListing listing) {
        return store.list(listing);
    }

    @Override
    public Optional<LineErrorSlice> listLineErrors(String organizationId, String id, Set<Severity> severities,
            long offset, int limit) {
        return store.listLineErrors(organizationId, id, severities, offset, limit);
    }

    @Override
    public boolean forEachLineError(String organizationId, String id, Set<Severity> severities,
            Consumer<LineError> sink) {
        return store.forEachLineError(organizationId, id, severities, sink);
    }

    @Override
    public JobChanges changesSince(String organizationId, long after, int limit, int lineErrorPreview) {
        return store.changesSince(organizationId, after, limit, lineErrorPreview);
    }

    @Override
    public byte[] sharedSecret(String name, int bytes) {
        return store.sharedSecret(name, bytes);
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public void close() {
        store.close();
    }
}
