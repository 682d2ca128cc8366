package dev.importjobs.core.model;

import java.util.function.Function;

/**
 * The eight row counters of a job by name, in the order every view lists them: the one list that
 * views, rules and stores walk instead of spelling the counters out again.
 */
public enum Counter {
    TOTAL_ROWS("totalRows", Counters::totalRows),
    PROCESSED_ROWS("processedRows", Counters::processedRows),
    SUCCESS_COUNT("successCount", Counters::successCount),
    INSERT_COUNT("insertCount", Counters::insertCount),
    UPDATE_COUNT("updateCount", Counters::updateCount),
    SKIP_COUNT("skipCount", Counters::skipCount),
    WARNING_COUNT("warningCount", Counters::warningCount),
    ERROR_COUNT("errorCount", Counters::errorCount);

    private final String canonicalName;
    private final Function<Counters, Long> value;

    Counter(String canonicalName, Function<Counters, Long> value) {
        this.canonicalName = canonicalName;
        this.value = value;
    }

    /** The name core gives the counter (style A's name, and the field path in violations). */
    public String canonicalName() {
        return canonicalName;
    }

    /** This counter's value in {@code counters}; only {@link #TOTAL_ROWS} may be {@code null}. */
    public Long of(Counters counters) {
        return value.apply(counters);
    }

    /** Whether the counter may be unknown ({@code null}): only the total is. */
    public boolean isNullable() {
        return this == TOTAL_ROWS;
    }
}
