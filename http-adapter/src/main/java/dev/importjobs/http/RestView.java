package dev.importjobs.http;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Style B's view of a job (an "item"): nested {@code file}, {@code report}, {@code createdBy}; ISO-8601 times. */
final class RestView {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RestView() {
    }

    /** Canonical counter names as style B's report names them, for error details. */
    static final UnaryOperator<String> RENAME = field -> switch (field) {
        case "totalRows" -> "report.numItems";
        case "processedRows" -> "report.numProcessed";
        case "successCount" -> "report.numSuccesses";
        case "insertCount" -> "report.numInserts";
        case "updateCount" -> "report.numUpdates";
        case "skipCount" -> "report.numSkips";
        case "warningCount" -> "report.numWarnings";
        case "errorCount" -> "report.numErrors";
        default -> field;
    };

    static Map<String, Object> item(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("organizationId", job.organizationId());
        view.put("status", job.status().wireName());
        view.put("config", job.config());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("originalName", job.file().originalName());
        file.put("mimetype", job.file().mimetype());
        file.put("size", job.file().size());
        file.put("bucket", job.file().bucket());
        file.put("key", job.file().key());
        file.put("location", job.file().location());
        file.put("region", job.file().region());
        file.put("storageProviderId", job.file().storageProviderId());
        file.put("checksum", job.file().checksum());
        view.put("file", file);
        view.put("action", job.action());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("numItems", job.counters().totalRows());
        report.put("numProcessed", job.counters().processedRows());
        report.put("numSuccesses", job.counters().successCount());
        report.put("numInserts", job.counters().insertCount());
        report.put("numUpdates", job.counters().updateCount());
        report.put("numSkips", job.counters().skipCount());
        report.put("numWarnings", job.counters().warningCount());
        report.put("numErrors", job.counters().errorCount());
        report.put("erroredLines", lines(job.errorReport(), Severity.ERROR));
        report.put("skippedLines", lines(job.errorReport(), Severity.SKIP));
        report.put("warnedLines", lines(job.errorReport(), Severity.WARNING));
        view.put("report", report);
        view.put("error", job.error());
        Map<String, Object> createdBy = new LinkedHashMap<>();
        createdBy.put("id", job.createdBy().id());
        createdBy.put("email", job.createdBy().email());
        createdBy.put("firstName", job.createdBy().firstName());
        createdBy.put("lastName", job.createdBy().lastName());
        createdBy.put("fullName", job.createdBy().fullName());
        createdBy.put("picture", job.createdBy().picture());
        view.put("createdBy", createdBy);
        view.put("idempotencyKey", job.idempotencyKey());
        view.put("workflowId", job.workflowId());
        view.put("summary", job.summary());
        view.put("lastProcessedChunkIndex", job.lastProcessedChunkIndex());
        view.put("errorReportTruncated", job.errorReportTruncated());
        view.put("errorReportHasMore", job.errorReportHasMore());
        view.put("startedAt", iso(job.startedAt()));
        view.put("completedAt", iso(job.completedAt()));
        view.put("createdAt", iso(job.createdAt()));
        view.put("updatedAt", iso(job.updatedAt()));
        view.put("version", job.version());
        return view;
    }

    /** A report line: {@code {line, reason, column?, code?, value?}}. */
    private static List<Map<String, Object>> lines(List<LineError> lines, Severity severity) {
        return lines.stream().filter(line -> line.severity() == severity).map(line -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("line", line.line());
            view.put("reason", line.message());
            LineErrorView.putIfPresent(view, "column", line.column());
            LineErrorView.putIfPresent(view, "code", line.code());
            LineErrorView.putIfPresent(view, "value", line.value());
            return view;
        }).toList();
    }

    static String iso(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }
}
