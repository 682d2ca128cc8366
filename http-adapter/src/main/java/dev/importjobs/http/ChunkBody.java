package dev.importjobs.http;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.LineError;
import dev.importjobs.core.service.RecordChunkCommand;
import java.util.List;

/** A chunk report, with the same field names in both styles (docs/model.md#chunks-exactly-once). */
final class ChunkBody {
    static final String CHUNK_INDEX = "chunkIndex";
    /** The chunk's line errors, in the canonical shape ({@link LineShape#CANONICAL}). */
    static final String ERRORS = "errors";

    private ChunkBody() {
    }

    static RecordChunkCommand read(Fields body, String organizationId, String jobId) {
        RecordChunkCommand.Builder chunk = RecordChunkCommand.builder(organizationId, jobId)
                .chunkIndex(body.int32(CHUNK_INDEX));
        for (Counter counter : RecordChunkCommand.COUNTS) {
            chunk.count(counter, body.int64(RecordChunkCommand.fieldName(counter)));
        }
        var elements = body.objects(ERRORS);
        List<LineError> errors = elements == null ? null : LineShape.CANONICAL.read(elements, null, null);
        body.rejectUnknown();
        body.throwIfAny();
        return chunk.errors(errors).build();
    }
}
