package dev.importjobs.core.service;

import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.internal.JobIds;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import dev.importjobs.core.spi.DuplicateIdempotencyKeyException;
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
        ListLineErrors, ExportLineErrors, ListJobChanges {

    /** How many line errors a listed job carries at most. */
    public static final int LIST_PREVIEW_LINE_ERRORS = 10;
    /** The default cap on stored line errors per job. */
    public static final int DEFAULT_MAX_ERRORS_PER_JOB = 1000;
    /** The most changes one read of the change feed returns. */
    public static final int MAX_CHANGES_PER_READ = 1000;

    private static final int ALL_LINE_ERRORS = Integer.MAX_VALUE;
    /** The store keeps the key that signs cursors, so every server over the same data accepts them. */
    private static final String CURSOR_KEY = "cursor-signing-key";
    private static final int CURSOR_KEY_BYTES = 32;

    private final JobStore store;
    private final JobRules rules;
    private final JobIds ids;
    private final Cursors cursors;

    private ImportJobs(Builder builder) {
        this.store = builder.store;
        this.rules = new JobRules(builder.clock, builder.maxErrorsPerJob);
        this.ids = new JobIds(builder.clock);
        this.cursors = new Cursors(builder.cursorSecret != null ? builder.cursorSecret
                : store.sharedSecret(CURSOR_KEY, CURSOR_KEY_BYTES));
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
                return new CreateResult(job, false);
            } catch (DuplicateIdempotencyKeyException raced) {
                // Another create with this key committed between our lookup and our insert: look again
                // and answer as a replay (or a conflict). A key deleted meanwhile sends us round once more.
            }
        }
    }

    private static CreateResult replay(StoredCreate earlier, String fingerprint, String key) {
        if (!earlier.createFingerprint().equals(fingerprint)) {
            throw new ImportJobsException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotency key '" + key + "' was already used to create job " + earlier.job().id()
                            + " with different content");
        }
        return new CreateResult(earlier.job(), true);
    }

    @Override
    public ImportJob get(JobRef job) {
        return existing(job).flatMap(ref -> store.findById(ref.organizationId(), ref.jobId(), ALL_LINE_ERRORS))
                .orElseThrow(ImportJobsException::notFound);
    }

    @Override
    public Page<ImportJob> list(ListJobsQuery query) {
        String fingerprint = Cursors.fingerprint(query.organizationId(), query.sort(), query.filter());
        KeysetPosition after = query.cursor() == null ? null : cursors.decode(fingerprint, query.cursor());
        long offset = after == null ? (query.page() - 1) * query.limit() : 0;
        JobSlice slice = store.list(new JobListing(query.organizationId(), query.filter(), query.sort(), offset,
                after, query.limit() + 1, LIST_PREVIEW_LINE_ERRORS));
        List<ImportJob> items = slice.items();
        String nextCursor = null;
        if (items.size() > query.limit()) {
            items = items.subList(0, query.limit());
            ImportJob last = items.get(items.size() - 1);
            nextCursor = cursors.encode(fingerprint, new KeysetPosition(query.sort().field().keyOf(last), last.id()));
        }
        return after == null
                ? Page.numbered(items, slice.totalDocs(), query.limit(), query.page(), nextCursor)
                : Page.continued(items, slice.totalDocs(), query.limit(), nextCursor);
    }

    @Override
    public ImportJob update(UpdateJobCommand command) {
        JobRef ref = new JobRef(command.organizationId(), command.jobId());
        try {
            return modify(ref, ALL_LINE_ERRORS, state -> rules.update(state, command)).job();
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
        Modified<Boolean> done = modify(ref, LIST_PREVIEW_LINE_ERRORS, state -> rules.recordChunk(state, command));
        return new ChunkResult(done.result(), done.job());
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
        return store.changesSince(organizationId, after, limit, LIST_PREVIEW_LINE_ERRORS);
    }

    private <R> Modified<R> modify(JobRef ref, int lineErrors, JobModification<R> change) {
        return existing(ref)
                .flatMap(r -> store.modify(r.organizationId(), r.jobId(), lineErrors, change))
                .orElseThrow(ImportJobsException::notFound);
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

        public ImportJobs build() {
            return new ImportJobs(this);
        }
    }
}
