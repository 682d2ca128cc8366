package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;

/** A job found by its idempotency key, with the fingerprint of the create request that made it. */
public record StoredCreate(ImportJob job, String createFingerprint) {
}
