package dev.importjobs.core.query;

import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which jobs of an organization a listing shows. Every part is optional: an empty status set, a
 * {@code null} action or creator matches everything.
 *
 * @param statuses  the statuses to keep (any of them)
 * @param action    the exact action (style A {@code importScope})
 * @param createdBy the exact creator id
 */
public record JobFilter(Set<JobStatus> statuses, String action, String createdBy) {
    public static final JobFilter ALL = new JobFilter(Set.of(), null, null);

    public JobFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
    }

    /** Parses one status or a comma-separated list, forgivingly (see {@link JobStatus#parse}). */
    public static Set<JobStatus> parseStatuses(String input) {
        if (input == null || input.isBlank()) {
            return Set.of();
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String part : input.split(",", -1)) {
            statuses.add(JobStatus.parse("status", part.trim()));
        }
        return statuses;
    }

    public boolean matches(ImportJob job) {
        return (statuses.isEmpty() || statuses.contains(job.status()))
                && (action == null || action.equals(job.action()))
                && (createdBy == null || createdBy.equals(job.createdBy().id()));
    }

    /** A stable text naming this filter, for cursor fingerprints. */
    public String canonical() {
        return statuses.stream().map(JobStatus::wireName).sorted().collect(Collectors.joining(","))
                + "|" + (action == null ? "" : "=" + action) + "|" + (createdBy == null ? "" : "=" + createdBy);
    }
}
