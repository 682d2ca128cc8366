package dev.importjobs.core.service;

/** Records one processed chunk exactly once (docs/model.md#chunks-exactly-once). Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the codes of docs/model.md#errors. */
@FunctionalInterface
public interface RecordChunk {
    ChunkResult recordChunk(RecordChunkCommand command);
}
