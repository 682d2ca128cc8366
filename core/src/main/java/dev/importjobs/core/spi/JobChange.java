package dev.importjobs.core.spi;

import dev.importjobs.core.model.ImportJob;
import java.util.Objects;

/**
 * One entry of an organization's change feed (docs/storage.md#the-change-feed): the job as it is now, or
 * its deletion, at the position of the change that made it so.
 *
 * @param position where the change sits in the feed; later changes have greater positions
 * @param jobId    the job's id
 * @param job      the job now, with at most the list preview of its line errors; {@code null} when deleted
 */
public record JobChange(long position, String jobId, ImportJob job) {
    public JobChange {
        Objects.requireNonNull(jobId, "jobId");
        if (job != null && !job.id().equals(jobId)) {
            throw new IllegalArgumentException("the change of job " + jobId + " carries job " + job.id());
        }
    }

    /** The job as it is now. */
    public static JobChange changed(long position, ImportJob job) {
        return new JobChange(position, job.id(), job);
    }

    /** The job's deletion. */
    public static JobChange deleted(long position, String jobId) {
        return new JobChange(position, jobId, null);
    }

    public boolean isDeletion() {
        return job == null;
    }
}
