package dev.importjobs.core.service;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.Counters;
import dev.importjobs.core.model.LineError;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One processed chunk of a job (docs/api.md, "Chunks"): its index and this chunk's counts. Only
 * {@code chunkIndex} and {@code rows} are required; other counts default to 0, {@code totalRows} (when
 * given) sets the job's total, {@code errors} are appended to the job's line errors. Made by
 * {@link #builder}, which reports every broken rule at once, or by {@link #of} for a bare row count.
 *
 * <pre>{@code
 * RecordChunkCommand chunk = RecordChunkCommand.builder("org_123", jobId)
 *         .chunkIndex(3).rows(500).successCount(498).errorCount(2).errors(lines).build();
 * }</pre>
 */
public final class RecordChunkCommand {
    /** The largest index, leaving room to look one past it for the resume point. */
    public static final int MAX_CHUNK_INDEX = Integer.MAX_VALUE - 1;

    /** The counts in the order a chunk body lists them: {@code rows}, then the others, the total last. */
    public static final List<Counter> COUNTS = List.of(Counter.PROCESSED_ROWS, Counter.SUCCESS_COUNT,
            Counter.INSERT_COUNT, Counter.UPDATE_COUNT, Counter.SKIP_COUNT, Counter.WARNING_COUNT,
            Counter.ERROR_COUNT, Counter.TOTAL_ROWS);

    private final String organizationId;
    private final String jobId;
    private final int chunkIndex;
    private final Counters counts;
    private final List<LineError> errors;

    private RecordChunkCommand(Builder builder) {
        Violations violations = new Violations();
        violations.organizationId(builder.organizationId);
        if (builder.jobId == null) {
            violations.add("id", "is required");
        }
        if (builder.chunkIndex == null) {
            violations.add("chunkIndex", "is required");
        } else if (builder.chunkIndex < 0 || builder.chunkIndex > MAX_CHUNK_INDEX) {
            violations.add("chunkIndex", "must be 0.." + MAX_CHUNK_INDEX);
        }
        if (builder.counts.get(Counter.PROCESSED_ROWS) == null) {
            violations.add("rows", "is required");
        }
        for (Counter counter : COUNTS) {
            violations.nonNegative(fieldName(counter), builder.counts.get(counter));
        }
        List<LineError> lines = builder.errors == null ? List.of() : builder.errors;
        violations.lineErrors("errors", lines);
        violations.throwIfAny();
        this.organizationId = builder.organizationId;
        this.jobId = builder.jobId;
        this.chunkIndex = builder.chunkIndex;
        this.counts = Counters.of(builder.counts::get);
        this.errors = List.copyOf(lines);
    }

    /** How a chunk body names a count: {@code rows} for the processed rows, else the counter's own name. */
    public static String fieldName(Counter counter) {
        return counter == Counter.PROCESSED_ROWS ? "rows" : counter.canonicalName();
    }

    /** A chunk with only a row count. */
    public static RecordChunkCommand of(String organizationId, String jobId, int chunkIndex, long rows) {
        return builder(organizationId, jobId).chunkIndex(chunkIndex).rows(rows).build();
    }

    public static Builder builder(String organizationId, String jobId) {
        return new Builder(organizationId, jobId);
    }

    public String organizationId() {
        return organizationId;
    }

    public String jobId() {
        return jobId;
    }

    public int chunkIndex() {
        return chunkIndex;
    }

    /**
     * This chunk's counts as counters to add to the job's: {@code processedRows} is {@link #rows()};
     * {@code totalRows}, when not {@code null}, is the job's new total rather than an increment.
     */
    public Counters counts() {
        return counts;
    }

    public long rows() {
        return counts.processedRows();
    }

    public long successCount() {
        return counts.successCount();
    }

    public long insertCount() {
        return counts.insertCount();
    }

    public long updateCount() {
        return counts.updateCount();
    }

    public long skipCount() {
        return counts.skipCount();
    }

    public long warningCount() {
        return counts.warningCount();
    }

    public long errorCount() {
        return counts.errorCount();
    }

    /** The job's total as this chunk knows it, or {@code null}. */
    public Long totalRows() {
        return counts.totalRows();
    }

    /** The line errors found in this chunk, appended to the job's. */
    public List<LineError> errors() {
        return errors;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordChunkCommand that && organizationId.equals(that.organizationId)
                && jobId.equals(that.jobId) && chunkIndex == that.chunkIndex && counts.equals(that.counts)
                && errors.equals(that.errors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(organizationId, jobId, chunkIndex, counts, errors);
    }

    @Override
    public String toString() {
        return "RecordChunkCommand[organizationId=" + organizationId + ", jobId=" + jobId + ", chunkIndex="
                + chunkIndex + ", counts=" + counts + ", errors=" + errors.size() + "]";
    }

    /** Builds a {@link RecordChunkCommand}; {@link #build()} checks every rule and reports all broken ones. */
    public static final class Builder {
        private final String organizationId;
        private final String jobId;
        private Integer chunkIndex;
        private final Map<Counter, Long> counts = new EnumMap<>(Counter.class);
        private List<LineError> errors;

        private Builder(String organizationId, String jobId) {
            this.organizationId = organizationId;
            this.jobId = jobId;
        }

        public Builder chunkIndex(Integer value) { chunkIndex = value; return this; }
        public Builder rows(Long value) { return count(Counter.PROCESSED_ROWS, value); }
        public Builder rows(long value) { return count(Counter.PROCESSED_ROWS, value); }
        public Builder successCount(Long value) { return count(Counter.SUCCESS_COUNT, value); }
        public Builder insertCount(Long value) { return count(Counter.INSERT_COUNT, value); }
        public Builder updateCount(Long value) { return count(Counter.UPDATE_COUNT, value); }
        public Builder skipCount(Long value) { return count(Counter.SKIP_COUNT, value); }
        public Builder warningCount(Long value) { return count(Counter.WARNING_COUNT, value); }
        public Builder errorCount(Long value) { return count(Counter.ERROR_COUNT, value); }
        /** The job's total, when this chunk knows it; {@code null} leaves the total as it is. */
        public Builder totalRows(Long value) { return count(Counter.TOTAL_ROWS, value); }
        public Builder errors(List<LineError> value) { errors = value; return this; }

        /** Sets one count by its {@link Counter}; {@link Counter#PROCESSED_ROWS} is the chunk's {@code rows}. */
        public Builder count(Counter counter, Long value) {
            if (value == null) {
                counts.remove(counter);
            } else {
                counts.put(counter, value);
            }
            return this;
        }

        /** @throws dev.importjobs.core.error.ImportJobsException naming every broken rule */
        public RecordChunkCommand build() {
            return new RecordChunkCommand(this);
        }
    }
}
