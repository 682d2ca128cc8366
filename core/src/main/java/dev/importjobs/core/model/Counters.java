package dev.importjobs.core.model;


/**
 * The row counters of a job, all 64-bit. {@code totalRows} is {@code null} while unknown; once known,
 * {@code processedRows} may not pass it.
 */
public record Counters(Long totalRows, long processedRows, long successCount, long insertCount,
        long updateCount, long skipCount, long warningCount, long errorCount) {

    public static final Counters ZERO = new Counters(null, 0, 0, 0, 0, 0, 0, 0);

    /** Whether {@code processedRows} is within a known {@code totalRows}. */
    public boolean withinTotal() {
        return totalRows == null || processedRows <= totalRows;
    }
}
