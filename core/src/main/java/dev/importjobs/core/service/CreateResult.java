package dev.importjobs.core.service;

import dev.importjobs.core.model.ImportJob;

/** The job a create made, or found: {@code replayed} when an earlier create with the same key made it. */
public record CreateResult(ImportJob job, boolean replayed) {
}
