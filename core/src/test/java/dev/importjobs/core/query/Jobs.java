package dev.importjobs.core.query;

import dev.importjobs.core.model.CreatedBy;
import dev.importjobs.core.model.FileInfo;
import dev.importjobs.core.model.ImportJob;
import java.time.Instant;

/** Minimal jobs for the query tests; each test sets the fields it sorts or filters on. */
final class Jobs {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00.000Z");

    private Jobs() {
    }

    /** A valid job with this id (24 hex digits, padded on the left with zeros). */
    static ImportJob.Builder job(String idSuffix) {
        String id = "0".repeat(24 - idSuffix.length()) + idSuffix;
        return ImportJob.builder()
                .id(id)
                .organizationId("org_123")
                .createdBy(CreatedBy.of("user_1"))
                .file(FileInfo.named("items.csv"))
                .createdAt(T0)
                .updatedAt(T0);
    }
}
