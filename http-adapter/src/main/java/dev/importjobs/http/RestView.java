package dev.importjobs.http;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.Severity;
import java.util.EnumMap;
import java.util.Map;

/**
 * Style B's table of a job, an "item" (docs/api.md#style-b--rest): nested {@code file}, {@code report} and
 * {@code createdBy}, ISO-8601 times, the line errors split by severity into the report's lists. A body may
 * carry back what GET returned: {@code id} and {@code organizationId} must match the path, the server's
 * own fields are ignored.
 */
final class RestView {
    /** A skipped line sent without a reason gets this one. */
    static final String SKIPPED_REASON = "skipped";

    /** How the report names each counter. */
    private static final Map<Counter, String> REPORT_NAMES = reportNames();

    static final JobView ITEM = JobView.builder("item", Codec.Scalar.ISO_TIME, true)
            .same(JobField.ID, JobField.ORGANIZATION_ID, JobField.STATUS, JobField.CONFIG)
            .group("file", file -> file.same(JobField.inGroup(JobField.FILE)))
            .same(JobField.ACTION)
            .group("report", report -> report.counters(REPORT_NAMES::get)
                    .lines("erroredLines", new Codec.Lines(LineShape.REPORT, Severity.ERROR, null))
                    .lines("skippedLines", new Codec.Lines(LineShape.REPORT, Severity.SKIP, SKIPPED_REASON))
                    .lines("warnedLines", new Codec.Lines(LineShape.REPORT, Severity.WARNING, null)))
            .same(JobField.ERROR)
            .group("createdBy", createdBy -> createdBy.same(JobField.inGroup(JobField.CREATED_BY)))
            .same(JobField.IDEMPOTENCY_KEY, JobField.WORKFLOW_ID, JobField.SUMMARY, JobField.LAST_PROCESSED_CHUNK_INDEX,
                    JobField.ERROR_REPORT_TRUNCATED, JobField.ERROR_REPORT_HAS_MORE, JobField.STARTED_AT,
                    JobField.COMPLETED_AT, JobField.CREATED_AT, JobField.UPDATED_AT, JobField.VERSION)
            .build();

    private RestView() {
    }

    private static Map<Counter, String> reportNames() {
        Map<Counter, String> names = new EnumMap<>(Counter.class);
        names.put(Counter.TOTAL_ROWS, "numItems");
        names.put(Counter.PROCESSED_ROWS, "numProcessed");
        names.put(Counter.SUCCESS_COUNT, "numSuccesses");
        names.put(Counter.INSERT_COUNT, "numInserts");
        names.put(Counter.UPDATE_COUNT, "numUpdates");
        names.put(Counter.SKIP_COUNT, "numSkips");
        names.put(Counter.WARNING_COUNT, "numWarnings");
        names.put(Counter.ERROR_COUNT, "numErrors");
        return names;
    }
}
