package dev.importjobs.core.query;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.JobStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which jobs of an organization a listing shows. Every part is optional: an empty status set, a
 * {@code null} action, creator or stalled matches everything.
 *
 * @param statuses  the statuses to keep (any of them)
 * @param action    the exact action (style A {@code importScope})
 * @param createdBy the exact creator id
 * @param stalled   {@code true} for stalled jobs only, {@code false} for all but those
 *                  (docs/model.md#stalled-jobs)
 */
public record JobFilter(Set<JobStatus> statuses, String action, String createdBy, Boolean stalled) {
    public static final JobFilter ALL = new JobFilter(Set.of(), null, null, null);

    public JobFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
    }

    /** A filter that does not look at whether jobs are stalled. */
    public JobFilter(Set<JobStatus> statuses, String action, String createdBy) {
        this(statuses, action, createdBy, null);
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

    /** Parses {@code true} or {@code false}; {@code null} or empty means "either". */
    public static Boolean parseStalled(String input) {
        if (input == null || input.isEmpty()) {
            return null;
        }
        return switch (input) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ImportJobsException.validation("stalled", "must be true or false");
        };
    }

    /**
     * Whether {@code job} passes this filter; for {@link #stalled}, whether it is stalled by {@code stallCutoff}
     * ({@link ImportJob#isStalledBy}), which may be {@code null} only when this filter does not ask.
     */
    public boolean matches(ImportJob job, Instant stallCutoff) {
        if (stalled != null && stallCutoff == null) {
            throw new IllegalArgumentException("a stalled filter needs the listing's stall cutoff");
        }
        return (statuses.isEmpty() || statuses.contains(job.status()))
                && (action == null || action.equals(job.action()))
                && (createdBy == null || createdBy.equals(job.createdBy().id()))
                && (stalled == null || stalled == job.isStalledBy(stallCutoff));
    }

    /**
     * A stable text naming this filter, for cursor fingerprints. A filter without {@link #stalled} reads as
     * it did before that part existed, so cursors made then stay valid.
     */
    public String canonical() {
        return statuses.stream().map(JobStatus::wireName).sorted().collect(Collectors.joining(","))
                + "|" + (action == null ? "" : "=" + action) + "|" + (createdBy == null ? "" : "=" + createdBy)
                + (stalled == null ? "" : "|stalled=" + stalled);
    }
}
