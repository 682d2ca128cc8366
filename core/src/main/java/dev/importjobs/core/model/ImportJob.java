package dev.importjobs.core.model;

import dev.importjobs.core.internal.JsonValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical import job (docs/model.md#the-job). Each API style is a view of this record with its own field
 * names; stores persist it as it is. Instants have millisecond precision.
 *
 * @param errorReport           the stored line errors this read carries: all of them from a get, at most
 *                              a preview from a listing
 * @param errorReportTruncated  whether line errors were dropped because the job reached its cap
 * @param errorReportHasMore    whether more line errors are stored than {@code errorReport} carries
 * @param lastProcessedChunkIndex the highest {@code h} such that chunks {@code 0..h} are all recorded
 *                              (or the value a plain update set); {@code null} before chunk 0
 */
public record ImportJob(
        String id,
        String organizationId,
        CreatedBy createdBy,
        String action,
        JobStatus status,
        FileInfo file,
        String idempotencyKey,
        String workflowId,
        Map<String, Object> config,
        Counters counters,
        Integer lastProcessedChunkIndex,
        String summary,
        String error,
        List<LineError> errorReport,
        boolean errorReportTruncated,
        boolean errorReportHasMore,
        Instant startedAt,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public ImportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        config = config == null ? null : JsonValues.copyObject(config);
        errorReport = errorReport == null ? List.of() : List.copyOf(errorReport);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This job carrying {@code lines} as its error report, with {@code hasMore} as given. */
    public ImportJob withErrorReport(List<LineError> lines, boolean hasMore) {
        return toBuilder().errorReport(lines).errorReportHasMore(hasMore).build();
    }

    /** A fresh builder; {@link Builder#build()} checks only the non-null parts, the use cases check the rules. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds jobs field by field; stores use it to read rows, the use cases to derive a changed job. */
    public static final class Builder {
        private String id;
        private String organizationId;
        private CreatedBy createdBy;
        private String action;
        private JobStatus status = JobStatus.PENDING;
        private FileInfo file;
        private String idempotencyKey;
        private String workflowId;
        private Map<String, Object> config;
        private Counters counters = Counters.ZERO;
        private Integer lastProcessedChunkIndex;
        private String summary;
        private String error;
        private List<LineError> errorReport = List.of();
        private boolean errorReportTruncated;
        private boolean errorReportHasMore;
        private Instant startedAt;
        private Instant completedAt;
        private Instant createdAt;
        private Instant updatedAt;
        private long version = 1;

        private Builder() {
        }

        private Builder(ImportJob job) {
            id = job.id;
            organizationId = job.organizationId;
            createdBy = job.createdBy;
            action = job.action;
            status = job.status;
            file = job.file;
            idempotencyKey = job.idempotencyKey;
            workflowId = job.workflowId;
            config = job.config;
            counters = job.counters;
            lastProcessedChunkIndex = job.lastProcessedChunkIndex;
            summary = job.summary;
            error = job.error;
            errorReport = job.errorReport;
            errorReportTruncated = job.errorReportTruncated;
            errorReportHasMore = job.errorReportHasMore;
            startedAt = job.startedAt;
            completedAt = job.completedAt;
            createdAt = job.createdAt;
            updatedAt = job.updatedAt;
            version = job.version;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder organizationId(String value) { organizationId = value; return this; }
        public Builder createdBy(CreatedBy value) { createdBy = value; return this; }
        public Builder action(String value) { action = value; return this; }
        public Builder status(JobStatus value) { status = value; return this; }
        public Builder file(FileInfo value) { file = value; return this; }
        public Builder idempotencyKey(String value) { idempotencyKey = value; return this; }
        public Builder workflowId(String value) { workflowId = value; return this; }
        public Builder config(Map<String, Object> value) { config = value; return this; }
        public Builder counters(Counters value) { counters = value; return this; }
        public Builder lastProcessedChunkIndex(Integer value) { lastProcessedChunkIndex = value; return this; }
        public Builder summary(String value) { summary = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder errorReport(List<LineError> value) { errorReport = value; return this; }
        public Builder errorReportTruncated(boolean value) { errorReportTruncated = value; return this; }
        public Builder errorReportHasMore(boolean value) { errorReportHasMore = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder completedAt(Instant value) { completedAt = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder version(long value) { version = value; return this; }

        public ImportJob build() {
            return new ImportJob(id, organizationId, createdBy, action, status, file, idempotencyKey, workflowId,
                    config, counters, lastProcessedChunkIndex, summary, error, errorReport, errorReportTruncated,
                    errorReportHasMore, startedAt, completedAt, createdAt, updatedAt, version);
        }
    }
}
