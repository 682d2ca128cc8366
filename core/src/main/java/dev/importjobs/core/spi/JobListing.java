package dev.importjobs.core.spi;

import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link JobStore#list} is asked: the jobs of one organization matching {@code filter}, in
 * {@code sort} order, skipping {@code offset} of them or starting strictly after {@code after}, at most
 * {@code limit}, each carrying up to {@code lineErrorPreview} line errors.
 *
 * @param stallCutoff the time a job in progress must have last changed before to count as stalled
 *                    ({@link dev.importjobs.core.model.ImportJob#isStalledBy}); needed when the filter
 *                    names {@link JobFilter#stalled()}, else {@code null} or ignored
 */
public record JobListing(String organizationId, JobFilter filter, Sort sort, long offset, KeysetPosition after,
        int limit, int lineErrorPreview, Instant stallCutoff) {
    public JobListing {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sort, "sort");
        if (offset < 0 || limit < 0 || lineErrorPreview < 0) {
            throw new IllegalArgumentException("offset, limit and lineErrorPreview are >= 0");
        }
        if (after != null && offset != 0) {
            throw new IllegalArgumentException("a keyset page has no offset");
        }
        if (filter.stalled() != null && stallCutoff == null) {
            throw new IllegalArgumentException("a filter on stalled jobs needs the stall cutoff");
        }
    }

    /** A listing whose filter does not look at whether jobs are stalled. */
    public JobListing(String organizationId, JobFilter filter, Sort sort, long offset, KeysetPosition after,
            int limit, int lineErrorPreview) {
        this(organizationId, filter, sort, offset, after, limit, lineErrorPreview, null);
    }
}
