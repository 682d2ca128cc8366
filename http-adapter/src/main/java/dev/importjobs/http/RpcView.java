package dev.importjobs.http;

import dev.importjobs.core.model.ImportJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Style A's view of a job: flat names, epoch-millisecond times. */
final class RpcView {
    private RpcView() {
    }

    /** Canonical field paths as style A names them, for error details. */
    static final UnaryOperator<String> RENAME = field -> switch (field) {
        case "createdBy.id" -> "createdByStackUserId";
        case "action" -> "importScope";
        case "file.originalName" -> "fileName";
        case "limit" -> "pageSize";
        default -> field;
    };

    static Map<String, Object> job(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("organizationId", job.organizationId());
        view.put("createdByStackUserId", job.createdBy().id());
        view.put("importScope", job.action());
        view.put("status", job.status().wireName());
        view.put("fileName", job.file().originalName());
        view.put("idempotencyKey", job.idempotencyKey());
        view.put("workflowId", job.workflowId());
        view.put("config", job.config());
        view.put("totalRows", job.counters().totalRows());
        view.put("processedRows", job.counters().processedRows());
        view.put("successCount", job.counters().successCount());
        view.put("insertCount", job.counters().insertCount());
        view.put("updateCount", job.counters().updateCount());
        view.put("skipCount", job.counters().skipCount());
        view.put("warningCount", job.counters().warningCount());
        view.put("errorCount", job.counters().errorCount());
        view.put("lastProcessedChunkIndex", job.lastProcessedChunkIndex());
        view.put("summary", job.summary());
        view.put("error", job.error());
        view.put("errorReport", job.errorReport().stream().map(LineErrorView::of).toList());
        view.put("errorReportTruncated", job.errorReportTruncated());
        view.put("errorReportHasMore", job.errorReportHasMore());
        view.put("startedAt", millis(job.startedAt()));
        view.put("completedAt", millis(job.completedAt()));
        view.put("createdAt", millis(job.createdAt()));
        view.put("updatedAt", millis(job.updatedAt()));
        view.put("version", job.version());
        return view;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
