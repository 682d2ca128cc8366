package dev.importjobs.core.model;

import java.util.function.Function;

/**
 * The row counters of a job, all 64-bit. {@code totalRows} is {@code null} while unknown; once known,
 * {@code processedRows} may not pass it. {@link Counter} names each one.
 */
public record Counters(Long totalRows, long processedRows, long successCount, long insertCount,
        long updateCount, long skipCount, long warningCount, long errorCount) {

    public static final Counters ZERO = new Counters(null, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Counters whose value for each {@link Counter} is {@code value.apply(counter)}; a {@code null} for a
     * counter other than the total stands for 0.
     */
    public static Counters of(Function<Counter, Long> value) {
        return new Counters(value.apply(Counter.TOTAL_ROWS), zero(value.apply(Counter.PROCESSED_ROWS)),
                zero(value.apply(Counter.SUCCESS_COUNT)), zero(value.apply(Counter.INSERT_COUNT)),
                zero(value.apply(Counter.UPDATE_COUNT)), zero(value.apply(Counter.SKIP_COUNT)),
                zero(value.apply(Counter.WARNING_COUNT)), zero(value.apply(Counter.ERROR_COUNT)));
    }

    /** The value of one counter; only the total may be {@code null}. */
    public Long get(Counter counter) {
        return counter.of(this);
    }

    /** Whether {@code processedRows} is within a known {@code totalRows}. */
    public boolean withinTotal() {
        return totalRows == null || processedRows <= totalRows;
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }
}
