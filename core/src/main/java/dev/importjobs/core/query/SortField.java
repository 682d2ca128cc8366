package dev.importjobs.core.query;

import dev.importjobs.core.model.ImportJob;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields a listing may sort by (docs/model.md#listing-and-pages), with the names both API styles use for them. Each
 * field yields a sort key that is a {@link Long} (instants as epoch milliseconds, counters) or a
 * {@link String}, or {@code null} (which sorts last in either direction).
 */
public enum SortField {
    CREATED_AT(List.of("createdAt"), job -> millis(job.createdAt())),
    UPDATED_AT(List.of("updatedAt"), job -> millis(job.updatedAt())),
    STARTED_AT(List.of("startedAt"), job -> millis(job.startedAt())),
    COMPLETED_AT(List.of("completedAt"), job -> millis(job.completedAt())),
    STATUS(List.of("status"), job -> job.status().wireName()),
    ACTION(List.of("action", "importScope"), ImportJob::action),
    FILE_NAME(List.of("fileName", "file.originalName"), job -> job.file().originalName()),
    TOTAL_ROWS(List.of("totalRows", "report.numItems"), job -> job.counters().totalRows()),
    PROCESSED_ROWS(List.of("processedRows", "report.numProcessed"), job -> job.counters().processedRows()),
    ERROR_COUNT(List.of("errorCount", "report.numErrors"), job -> job.counters().errorCount());

    /** Every accepted name, for error messages. */
    public static final String ALLOWED = Arrays.stream(values())
            .flatMap(field -> field.names.stream()).collect(Collectors.joining(", "));

    private final List<String> names;
    private final Function<ImportJob, Object> key;

    SortField(List<String> names, Function<ImportJob, Object> key) {
        this.names = names;
        this.key = key;
    }

    /** The canonical name (the first one). */
    public String canonicalName() {
        return names.get(0);
    }

    /** Whether keys of this field are strings (else longs). */
    public boolean isText() {
        return this == STATUS || this == ACTION || this == FILE_NAME;
    }

    /** Whether this field can be {@code null} on a job. */
    public boolean isNullable() {
        return this == STARTED_AT || this == COMPLETED_AT || this == ACTION || this == TOTAL_ROWS;
    }

    /** The sort key of {@code job} for this field. */
    public Object keyOf(ImportJob job) {
        return key.apply(job);
    }

    /** The field with this name in either style, or {@code null}. */
    public static SortField named(String name) {
        for (SortField field : values()) {
            if (field.names.contains(name)) {
                return field;
            }
        }
        return null;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
