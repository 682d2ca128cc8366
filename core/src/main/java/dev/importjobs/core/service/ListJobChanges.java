package dev.importjobs.core.service;

import dev.importjobs.core.spi.JobChanges;

/**
 * An organization's change feed after a position (docs/storage.md#the-change-feed): what an event stream
 * follows. Each job carries at most the first 10 line errors, as in a listing.
 */
@FunctionalInterface
public interface ListJobChanges {
    /**
     * @param after a position the feed gave ({@link JobChanges#latest()}, a change's position), or 0 for
     *              the beginning
     * @param limit 1 to {@link ImportJobs#MAX_CHANGES_PER_READ}
     */
    JobChanges changesSince(String organizationId, long after, int limit);
}
