package dev.importjobs.core.service;

/** Records one processed chunk exactly once (§4). Failures are {@link dev.importjobs.core.error.ImportJobsException}s with the contract's codes. */
@FunctionalInterface
public interface RecordChunk {
    ChunkResult recordChunk(RecordChunkCommand command);
}
