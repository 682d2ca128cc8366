package dev.importjobs.http;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.RecordChunkCommand;
import java.util.List;

/** A chunk report, with the same field names in both styles (contract §4). */
final class ChunkBody {
    private ChunkBody() {
    }

    static RecordChunkCommand read(Fields body, String organizationId, String jobId) {
        Integer chunkIndex = body.int32("chunkIndex");
        Long rows = body.int64("rows");
        Long successCount = body.int64("successCount");
        Long insertCount = body.int64("insertCount");
        Long updateCount = body.int64("updateCount");
        Long skipCount = body.int64("skipCount");
        Long warningCount = body.int64("warningCount");
        Long errorCount = body.int64("errorCount");
        Long totalRows = body.int64("totalRows");
        var elements = body.objects("errors");
        List<LineError> errors = elements == null ? null : LineErrorView.read(elements);
        body.rejectUnknown();
        body.throwIfAny();
        return new RecordChunkCommand(organizationId, jobId, chunkIndex, rows, successCount, insertCount, updateCount,
                skipCount, warningCount, errorCount, totalRows, errors);
    }
}
