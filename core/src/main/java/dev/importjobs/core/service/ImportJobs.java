package dev.importjobs.core.service;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.internal.JobIds;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.DuplicateIdempotencyKeyException;
import dev.importjobs.core.spi.JobChange;
import dev.importjobs.core.spi.JobChanges;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.JobModification;
import dev.importjobs.core.spi.JobSlice;
import dev.importjobs.core.spi.JobStore;
import dev.importjobs.core.spi.LineErrorSlice;
import dev.importjobs.core.spi.Modified;
import dev.importjobs.core.spi.StoredCreate;
import dev.importjobs.core.internal.Cursors;
import dev.importjobs.core.spi.KeysetPosition;
import dev.importjobs.core.query.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The use cases over one {@link JobStore}: the single entry point an embedding application or an
 * adapter calls. Thread-safe; every failure is an {@link ImportJobsException} with a code of docs/model.md#errors.
 *
 * <pre>{@code
 * ImportJobs jobs = ImportJobs.builder(store).build();
 * ImportJob job = jobs.create(new CreateJobCommand("org_123",
 *         JobFields.builder().createdBy("user_1").fileName("items.csv").build())).job();
 * jobs.recordChunk(RecordChunkCommand.of("org_123", job.id(), 0, 500));
 * }</pre>
 */
public final class ImportJobs implements CreateJob, GetJob, ListJobs, UpdateJob, DeleteJob, RecordChunk,
        ListLineErrors, ExportLineErrors, ListJobChanges, AutoCloseable {

    /** How many line errors a listed job carries at most. */
    public static final int LIST_PREVIEW_LINE_ERRORS = 10;
    /** The default cap on stored line errors per job. */
    public static final int DEFAULT_MAX_ERRORS_PER_JOB = 1000;
    /** How long an in-progress job may go unchanged before it shows as stalled, unless configured. */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(15);
    /** The most changes one read of the change feed returns. */
    public static final int MAX_CHANGES_PER_READ = 1000;

    private static final int ALL_LINE_ERRORS = Integer.MAX_VALUE;
    /** The store keeps the key that signs cursors, so every server over the same data accepts them. */
    private static final String CURSOR_KEY = "cursor-signing-key";
    private static final int CURSOR_KEY_BYTES = 32;

    private final JobStore store;
    private final Clock clock;
    private final JobRules rules;
    private final JobIds ids;
    private final Cursors cursors;
    private final Duration stallAfter;
    /** Deletes expired jobs in the background; {@code null} when no retention is set. */
    private final Retention retention;

    private ImportJobs(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.rules = new JobRules(builder.clock, builder.maxErrorsPerJob);
        this.ids = new JobIds(builder.clock);
        this.cursors = new Cursors(builder.cursorSecret != null ? builder.cursorSecret
                : store.sharedSecret(CURSOR_KEY, CURSOR_KEY_BYTES));
        this.stallAfter = builder.stallAfter;
        this.retention = builder.retention == null ? null
                : new Retention(store, builder.clock, builder.retention, Retention.BATCH);
        if (retention != null) {
            retention.start();
        }
    }

    public static Builder builder(JobStore store) {
        return new Builder(store);
    }

    @Override
    public CreateResult create(CreateJobCommand command) {
        String fingerprint = command.fingerprint();
        String key = command.fields().idempotencyKey();
        while (true) {
            if (key != null) {
                Optional<StoredCreate> earlier = store.findByIdempotencyKey(command.organizationId(), key,
                        ALL_LINE_ERRORS);
                if (earlier.isPresent()) {
                    return replay(earlier.get(), fingerprint, key);
                }
            }
            ImportJob job = rules.newJob(command, ids.next());
            try {
                store.insert(job, fingerprint);
                return new CreateResult(job.markedStalledBy(stallCutoff()), false);
            } catch (DuplicateIdempotencyKeyException raced) {
                // Another create with this key committed between our lookup and our insert: look again
                // and answer as a replay (or a conflict). A key deleted meanwhile sends us round once more.
            }
        }
    }

    private CreateResult replay(StoredCreate earlier, String fingerprint, String key) {
        if (!earlier.createFingerprint().equals(fingerprint)) {
            throw new ImportJobsException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotency key '" + key + "' was already used to create job " + earlier.job().id()
                            + " with different content");
        }
        return new CreateResult(earlier.job().markedStalledBy(stallCutoff()), true);
    }

    @Override
    public ImportJob get(JobRef job) {
        return existing(job).flatMap(ref -> store.findById(ref.organizationId(), ref.jobId(), ALL_LINE_ERRORS))
                .map(found -> found.markedStalledBy(stallCutoff()))
                .orElseThrow(ImportJobsException::notFound);
    }

    /**
     * Whether the job is there in its organization, read without any of its line errors: for a caller that needs
     * to know the job exists, not what it holds (an event stream being opened for it, docs/api.md#live-events).
     */
    public boolean exists(JobRef job) {
        return existing(job).flatMap(ref -> store.findById(ref.organizationId(), ref.jobId(), 0)).isPresent();
    }

    /**
     * A page of jobs. A walk filtered by whether jobs are stalled keeps the stall cutoff of its first page in
     * its cursors, so time passing between its pages neither adds nor drops jobs (docs/model.md#stalled-jobs).
     */
    @Override
    public Page<ImportJob> list(ListJobsQuery query) {
        String fingerprint = Cursors.fingerprint(query.organizationId(), query.sort(), query.filter());
        Cursors.Continuation continued = query.cursor() == null ? null
                : cursors.continuation(fingerprint, query.cursor());
        KeysetPosition after = continued == null ? null : continued.after();
        boolean pinned = query.filter().stalled() != null;
        Instant stallCutoff = pinned && continued != null && continued.stallCutoff() != null
                ? continued.stallCutoff() : stallCutoff();
        long offset = after == null ? (query.page() - 1) * query.limit() : 0;
        JobSlice slice = store.list(new JobListing(query.organizationId(), query.filter(), query.sort(), offset,
                after, query.limit() + 1, LIST_PREVIEW_LINE_ERRORS, stallCutoff));
        List<ImportJob> items = slice.items().stream().map(job -> job.markedStalledBy(stallCutoff)).toList();
        String nextCursor = null;
        if (items.size() > query.limit()) {
            items = items.subList(0, query.limit());
            ImportJob last = items.get(items.size() - 1);
            nextCursor = cursors.encode(fingerprint, new KeysetPosition(query.sort().field().keyOf(last), last.id()),
                    pinned ? stallCutoff : null);
        }
        return after == null
                ? Page.numbered(items, slice.totalDocs(), query.limit(), query.page(), nextCursor)
                : Page.continued(items, slice.totalDocs(), query.limit(), nextCursor);
    }

    @Override
    public ImportJob update(UpdateJobCommand command) {
        JobRef ref = new JobRef(command.organizationId(), command.jobId());
        try {
            return modify(ref, ALL_LINE_ERRORS, state -> rules.update(state, command)).job()
                    .markedStalledBy(stallCutoff());
        } catch (DuplicateIdempotencyKeyException e) {
            throw new ImportJobsException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotency key '" + command.patch().idempotencyKey()
                            + "' is already used by another job of the organization");
        }
    }

    @Override
    public void delete(JobRef job) {
        if (existing(job).map(ref -> store.delete(ref.organizationId(), ref.jobId())).orElse(false)) {
            return;
        }
        throw ImportJobsException.notFound();
    }

    @Override
    public ChunkResult recordChunk(RecordChunkCommand command) {
        JobRef ref = new JobRef(command.organizationId(), command.jobId());
        // A retry changes nothing, so a read answers it and only a new chunk waits for the writer; modify
        // checks again in its transaction, so a chunk applied meanwhile by another worker is still seen.
        Optional<ImportJob> retried = existing(ref).flatMap(r -> store.findIfChunkRecorded(r.organizationId(),
                r.jobId(), command.chunkIndex(), LIST_PREVIEW_LINE_ERRORS));
        if (retried.isPresent()) {
            return new ChunkResult(false, retried.get().markedStalledBy(stallCutoff()));
        }
        Modified<Boolean> done = modify(ref, LIST_PREVIEW_LINE_ERRORS, state -> rules.recordChunk(state, command));
        return new ChunkResult(done.result(), done.job().markedStalledBy(stallCutoff()));
    }

    @Override
    public Page<LineError> listLineErrors(ListLineErrorsQuery query) {
        JobRef ref = new JobRef(query.organizationId(), query.jobId());
        long offset = (query.page() - 1) * query.limit();
        LineErrorSlice slice = existing(ref)
                .flatMap(r -> store.listLineErrors(r.organizationId(), r.jobId(), query.severities(), offset,
                        query.limit()))
                .orElseThrow(ImportJobsException::notFound);
        return Page.numbered(slice.items(), slice.total(), query.limit(), query.page(), null);
    }

    @Override
    public void exportLineErrors(JobRef job, Set<Severity> severities, Consumer<LineError> sink) {
        boolean found = existing(job)
                .map(ref -> store.forEachLineError(ref.organizationId(), ref.jobId(), severities, sink))
                .orElse(false);
        if (!found) {
            throw ImportJobsException.notFound();
        }
    }

    @Override
    public JobChanges changesSince(String organizationId, long after, int limit) {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        violations.throwIfAny();
        if (after < 0) {
            throw new IllegalArgumentException("after must be >= 0, was " + after);
        }
        if (limit < 1 || limit > MAX_CHANGES_PER_READ) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_CHANGES_PER_READ + ", was " + limit);
        }
        JobChanges read = store.changesSince(organizationId, after, limit, LIST_PREVIEW_LINE_ERRORS);
        Instant stallCutoff = stallCutoff();
        List<JobChange> changes = read.changes().stream().map(change -> change.isDeletion() ? change
                : JobChange.changed(change.position(), change.job().markedStalledBy(stallCutoff))).toList();
        return new JobChanges(changes, read.more(), read.latest(), read.resumable());
    }

    private <R> Modified<R> modify(JobRef ref, int lineErrors, JobModification<R> change) {
        return existing(ref)
                .flatMap(r -> store.modify(r.organizationId(), r.jobId(), lineErrors, change))
                .orElseThrow(ImportJobsException::notFound);
    }

    /**
     * Stops deleting expired jobs in the background, waiting for the batch under way (at most one short
     * write). The store stays open: it is the caller's. Without a retention there is nothing to stop.
     */
    @Override
    public void close() {
        if (retention != null) {
            retention.close();
        }
    }

    /** Jobs in progress that last changed before this time are stalled now (docs/model.md#stalled-jobs). */
    private Instant stallCutoff() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(stallAfter);
    }

    /** The reference, unless its id cannot name a job at all (then it is simply not found). */
    private static Optional<JobRef> existing(JobRef ref) {
        return JobIds.isWellFormed(ref.jobId()) ? Optional.of(ref) : Optional.empty();
    }

    /** Configures {@link ImportJobs}; every setting has a sensible default. */
    public static final class Builder {
        private final JobStore store;
        private Clock clock = Clock.systemUTC();
        private int maxErrorsPerJob = DEFAULT_MAX_ERRORS_PER_JOB;
        private byte[] cursorSecret;
        private Duration stallAfter = DEFAULT_STALL_AFTER;
        private Duration retention;

        private Builder(JobStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The clock for every server-set time and id (default: the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many line errors a job keeps at most (default 1,000); past that they are counted, not kept. */
        public Builder maxErrorsPerJob(int maxErrorsPerJob) {
            if (maxErrorsPerJob < 0) {
                throw new IllegalArgumentException("maxErrorsPerJob must be >= 0, was " + maxErrorsPerJob);
            }
            this.maxErrorsPerJob = maxErrorsPerJob;
            return this;
        }

        /**
         * The key that signs listing cursors (at least 16 bytes). Without one, the store keeps a random key
         * of its own ({@link JobStore#sharedSecret}), so cursors survive a restart and every server over the
         * same database accepts the others' cursors.
         */
        public Builder cursorSecret(byte[] secret) {
            if (secret.length < 16) {
                throw new IllegalArgumentException("cursorSecret needs at least 16 bytes, got " + secret.length);
            }
            this.cursorSecret = secret.clone();
            return this;
        }

        /**
         * How long a job in progress may go without any change before it shows as stalled (default 15
         * minutes): read jobs carry {@link ImportJob#stalled()}, and listings filter on it. Nothing is written
         * when a job stalls; it is worked out from {@code updatedAt} and the clock on every read
         * (docs/model.md#stalled-jobs).
         */
        public Builder stallAfter(Duration stallAfter) {
            if (stallAfter.isNegative() || stallAfter.isZero()) {
                throw new IllegalArgumentException("stallAfter must be positive, was " + stallAfter);
            }
            this.stallAfter = stallAfter;
            return this;
        }

        /**
         * Deletes jobs that ended (completed, failed or cancelled) more than {@code retention} ago, with their
         * line errors and chunk records, on a daemon thread of the built {@code ImportJobs}: a pass at once,
         * then one every tenth of the retention (at least a minute, at most an hour apart), each in small
         * batches of their own short transactions. {@link ImportJobs#close()} stops it. Off unless set
         * (docs/model.md#retention).
         */
        public Builder retention(Duration retention) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive, was " + retention);
            }
            this.retention = retention;
            return this;
        }

        /** The use cases; with a {@link #retention} this starts its thread, which {@link ImportJobs#close()} stops. */
        public ImportJobs build() {
            return new ImportJobs(this);
        }
    }
}
