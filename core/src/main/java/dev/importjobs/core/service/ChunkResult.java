package dev.importjobs.core.service;

import dev.importjobs.core.model.ImportJob;

/** The job after a chunk; {@code applied} is false when the chunk had been recorded before (a retry). */
public record ChunkResult(boolean applied, ImportJob job) {
}
