package dev.importjobs.storage.jdbc;

import dev.importjobs.core.query.SortField;
import java.util.Map;

/** Which column holds each sort field; one place, so listing SQL and indexes agree. */
final class Columns {
    private static final Map<SortField, String> SORT = Map.of(
            SortField.CREATED_AT, "created_at",
            SortField.UPDATED_AT, "updated_at",
            SortField.STARTED_AT, "started_at",
            SortField.COMPLETED_AT, "completed_at",
            SortField.STATUS, "status",
            SortField.ACTION, "action",
            SortField.FILE_NAME, "file_name",
            SortField.TOTAL_ROWS, "total_rows",
            SortField.PROCESSED_ROWS, "processed_rows",
            SortField.ERROR_COUNT, "error_count");

    private Columns() {
    }

    static String of(SortField field) {
        return SORT.get(field);
    }
}
