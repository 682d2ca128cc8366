package dev.importjobs.core.service;

import dev.importjobs.core.model.LineError;
import java.util.List;

/**
 * One processed chunk of a job (contract §4): its index and this chunk's deltas. Only {@code chunkIndex}
 * and {@code rows} are required; other counts default to 0, {@code totalRows} (when given) sets the
 * job's total, {@code errors} are appended to the job's line errors.
 */
public record RecordChunkCommand(String organizationId, String jobId, Integer chunkIndex, Long rows,
        Long successCount, Long insertCount, Long updateCount, Long skipCount, Long warningCount,
        Long errorCount, Long totalRows, List<LineError> errors) {

    /** The largest index, leaving room to look one past it for the resume point. */
    public static final int MAX_CHUNK_INDEX = Integer.MAX_VALUE - 1;

    public RecordChunkCommand {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (jobId == null) {
            violations.add("id", "is required");
        }
        if (chunkIndex == null) {
            violations.add("chunkIndex", "is required");
        } else if (chunkIndex < 0 || chunkIndex > MAX_CHUNK_INDEX) {
            violations.add("chunkIndex", "must be 0.." + MAX_CHUNK_INDEX);
        }
        if (rows == null) {
            violations.add("rows", "is required");
        }
        violations.nonNegative("rows", rows);
        violations.nonNegative("successCount", successCount);
        violations.nonNegative("insertCount", insertCount);
        violations.nonNegative("updateCount", updateCount);
        violations.nonNegative("skipCount", skipCount);
        violations.nonNegative("warningCount", warningCount);
        violations.nonNegative("errorCount", errorCount);
        violations.nonNegative("totalRows", totalRows);
        errors = errors == null ? List.of() : errors;
        violations.lineErrors("errors", errors);
        violations.throwIfAny();
        errors = List.copyOf(errors);
        successCount = zero(successCount);
        insertCount = zero(insertCount);
        updateCount = zero(updateCount);
        skipCount = zero(skipCount);
        warningCount = zero(warningCount);
        errorCount = zero(errorCount);
    }

    /** A chunk with only a row count. */
    public static RecordChunkCommand of(String organizationId, String jobId, int chunkIndex, long rows) {
        return new RecordChunkCommand(organizationId, jobId, chunkIndex, rows, null, null, null, null, null, null,
                null, null);
    }

    private static Long zero(Long value) {
        return value == null ? 0L : value;
    }
}
