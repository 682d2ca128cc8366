package dev.importjobs.core.service;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.internal.JsonValues;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The client-writable fields of a job, as a create or an update carries them. Every field is optional
 * here ({@code null} = not given); {@link CreateJobCommand} adds what a create requires. Instants are
 * cut to milliseconds, the precision both API styles show.
 */
public record JobFields(
        CreatedBy createdBy,
        String action,
        String status,
        FileInfo file,
        String idempotencyKey,
        String workflowId,
        Map<String, Object> config,
        Long totalRows,
        Long processedRows,
        Long successCount,
        Long insertCount,
        Long updateCount,
        Long skipCount,
        Long warningCount,
        Long errorCount,
        Integer lastProcessedChunkIndex,
        String summary,
        String error,
        LineErrorReplacement errorReport,
        Instant startedAt,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final int MAX_ACTION = 1000;
    public static final int MAX_WORKFLOW_ID = 255;
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_CONFIG_BYTES = 16 * 1024;

    public JobFields {
        startedAt = millis(startedAt);
        completedAt = millis(completedAt);
        createdAt = millis(createdAt);
        updatedAt = millis(updatedAt);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value given for one counter, or {@code null}. */
    public Long counter(Counter counter) {
        return switch (counter) {
            case TOTAL_ROWS -> totalRows;
            case PROCESSED_ROWS -> processedRows;
            case SUCCESS_COUNT -> successCount;
            case INSERT_COUNT -> insertCount;
            case UPDATE_COUNT -> updateCount;
            case SKIP_COUNT -> skipCount;
            case WARNING_COUNT -> warningCount;
            case ERROR_COUNT -> errorCount;
        };
    }

    /** The status asked for, read forgivingly; {@code null} when none was given. */
    public JobStatus parsedStatus() {
        return status == null ? null : JobStatus.parse("status", status);
    }

    /** Adds every violated field rule; {@code creating} makes the create-only requirements apply. */
    void check(Violations violations, boolean creating) {
        if (createdBy != null) {
            violations.createdBy(createdBy, creating);
        } else if (creating) {
            violations.add("createdBy.id", "is required");
        }
        violations.optional("action", action, MAX_ACTION);
        if (status != null) {
            try {
                parsedStatus();
            } catch (ImportJobsException e) {
                e.details().forEach(d -> violations.add(d.field(), d.message()));
            }
        }
        if (file != null) {
            violations.file(file, creating);
        } else if (creating) {
            violations.add("file.originalName", "is required");
        }
        violations.idempotencyKey("idempotencyKey", idempotencyKey);
        violations.optional("workflowId", workflowId, MAX_WORKFLOW_ID);
        if (config != null) {
            checkConfig(violations);
        }
        for (Counter counter : Counter.values()) {
            violations.nonNegative(counter.canonicalName(), counter(counter));
        }
        if (totalRows != null && processedRows != null && totalRows >= 0 && processedRows > totalRows) {
            violations.add("processedRows", "must be <= totalRows (" + totalRows + ")");
        }
        violations.nonNegative("lastProcessedChunkIndex", lastProcessedChunkIndex);
        violations.optional("summary", summary, MAX_TEXT);
        violations.optional("error", error, MAX_TEXT);
        if (errorReport != null) {
            checkLines(errorReport, violations);
        }
    }

    private void checkConfig(Violations violations) {
        try {
            // copyObject applies every rule a stored config must pass (JSON values only, the nesting limit)
            String json = JsonValues.write(JsonValues.copyObject(config));
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_CONFIG_BYTES) {
                violations.add("config", "must be at most " + MAX_CONFIG_BYTES + " bytes as JSON");
            }
        } catch (IllegalArgumentException e) {
            violations.add("config", "must be a JSON object: " + e.getMessage());
        }
    }

    private static void checkLines(LineErrorReplacement replacement, Violations violations) {
        if (replacement.severities().isEmpty()) {
            violations.add("errorReport", "must name at least one severity to replace");
        }
        violations.lineErrors("errorReport", replacement.lines());
        for (int i = 0; i < replacement.lines().size(); i++) {
            LineError line = replacement.lines().get(i);
            if (line != null && !replacement.severities().contains(line.severity())) {
                violations.add("errorReport[" + i + "].severity",
                        "must be one of the severities this list replaces: " + replacement.severities().stream()
                                .sorted().map(Severity::wireName).collect(Collectors.joining(", ")));
            }
        }
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Builds {@link JobFields}; every setter is optional. */
    public static final class Builder {
        private CreatedBy createdBy;
        private String action;
        private String status;
        private FileInfo file;
        private String idempotencyKey;
        private String workflowId;
        private Map<String, Object> config;
        private Long totalRows;
        private Long processedRows;
        private Long successCount;
        private Long insertCount;
        private Long updateCount;
        private Long skipCount;
        private Long warningCount;
        private Long errorCount;
        private Integer lastProcessedChunkIndex;
        private String summary;
        private String error;
        private LineErrorReplacement errorReport;
        private Instant startedAt;
        private Instant completedAt;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        public Builder createdBy(CreatedBy value) { createdBy = value; return this; }
        public Builder createdBy(String id) { createdBy = CreatedBy.of(id); return this; }
        public Builder action(String value) { action = value; return this; }
        public Builder status(String value) { status = value; return this; }
        public Builder status(JobStatus value) { status = value == null ? null : value.wireName(); return this; }
        public Builder file(FileInfo value) { file = value; return this; }
        public Builder fileName(String value) { file = FileInfo.named(value); return this; }
        public Builder idempotencyKey(String value) { idempotencyKey = value; return this; }
        public Builder workflowId(String value) { workflowId = value; return this; }
        public Builder config(Map<String, Object> value) { config = value; return this; }
        /** Sets one counter by its {@link Counter}. */
        public Builder counter(Counter counter, Long value) {
            switch (counter) {
                case TOTAL_ROWS -> totalRows = value;
                case PROCESSED_ROWS -> processedRows = value;
                case SUCCESS_COUNT -> successCount = value;
                case INSERT_COUNT -> insertCount = value;
                case UPDATE_COUNT -> updateCount = value;
                case SKIP_COUNT -> skipCount = value;
                case WARNING_COUNT -> warningCount = value;
                case ERROR_COUNT -> errorCount = value;
            }
            return this;
        }

        public Builder totalRows(Long value) { totalRows = value; return this; }
        public Builder processedRows(Long value) { processedRows = value; return this; }
        public Builder successCount(Long value) { successCount = value; return this; }
        public Builder insertCount(Long value) { insertCount = value; return this; }
        public Builder updateCount(Long value) { updateCount = value; return this; }
        public Builder skipCount(Long value) { skipCount = value; return this; }
        public Builder warningCount(Long value) { warningCount = value; return this; }
        public Builder errorCount(Long value) { errorCount = value; return this; }
        public Builder lastProcessedChunkIndex(Integer value) { lastProcessedChunkIndex = value; return this; }
        public Builder summary(String value) { summary = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder errorReport(LineErrorReplacement value) { errorReport = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder completedAt(Instant value) { completedAt = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }

        public JobFields build() {
            return new JobFields(createdBy, action, status, file, idempotencyKey, workflowId, config, totalRows,
                    processedRows, successCount, insertCount, updateCount, skipCount, warningCount, errorCount,
                    lastProcessedChunkIndex, summary, error, errorReport, startedAt, completedAt, createdAt,
                    updatedAt);
        }
    }
}
