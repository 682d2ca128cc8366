package dev.importjobs.core.service;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import java.util.Objects;

/**
 * One page of an organization's jobs (docs/model.md#listing-and-pages): by number ({@code page}) or after a
 * {@code cursor}, never both.
 *
 * @param page   1-based page number; {@code null} in cursor mode
 * @param limit  1..100
 * @param cursor a {@code nextCursor} of an earlier page with the same sort and filter, or {@code null}
 */
public record ListJobsQuery(String organizationId, Long page, int limit, Sort sort, JobFilter filter, String cursor) {
    /** The highest page number asked for (a line-error listing's too). */
    public static final long MAX_PAGE = Parameters.MAX_PAGE;
    /** The largest page (a line-error listing's too). */
    public static final int MAX_LIMIT = Parameters.MAX_LIMIT;
    /** The page size when none is given (a line-error listing's too). */
    public static final int DEFAULT_LIMIT = Parameters.DEFAULT_LIMIT;
    private static final String PAGE_WITH_CURSOR =
            "must not be given with cursor: a cursor already says where the page starts";

    public ListJobsQuery {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (page != null && (page < 1 || page > Parameters.MAX_PAGE)) {
            violations.add("page", "must be an integer 1.." + Parameters.MAX_PAGE);
        }
        if (limit < 1 || limit > Parameters.MAX_LIMIT) {
            violations.add("limit", "must be an integer 1.." + Parameters.MAX_LIMIT);
        }
        if (cursor != null && page != null) {
            violations.add("page", PAGE_WITH_CURSOR);
        }
        violations.throwIfAny();
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(filter, "filter");
        if (cursor == null && page == null) {
            page = 1L;
        }
    }

    /** The first page, 10 jobs, newest first, no filter. */
    public static ListJobsQuery firstPage(String organizationId) {
        return new ListJobsQuery(organizationId, 1L, Parameters.DEFAULT_LIMIT, Sort.DEFAULT, JobFilter.ALL, null);
    }

    /** The listing query without a {@code stalled} parameter; see the overload that takes one. */
    public static ListJobsQuery parse(String organizationId, String page, String limit, String sort, String status,
            String action, String createdBy, String cursor) {
        return parse(organizationId, page, limit, sort, status, action, createdBy, null, cursor);
    }

    /**
     * Reads the query as both API styles receive it: text parameters, each optional. Every bad
     * parameter is reported at once, named as given here ({@code page}, {@code limit}, {@code sort},
     * {@code status}, {@code stalled}, {@code cursor}), together with a bad {@code organizationId}.
     */
    public static ListJobsQuery parse(String organizationId, String page, String limit, String sort, String status,
            String action, String createdBy, String stalled, String cursor) {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        Long pageNumber = Parameters.integer(violations, "page", page, 1, Parameters.MAX_PAGE, null);
        Long size = Parameters.integer(violations, "limit", limit, 1, Parameters.MAX_LIMIT,
                (long) Parameters.DEFAULT_LIMIT);
        Sort order = capture(violations, () -> Sort.parse(sort));
        var statuses = capture(violations, () -> JobFilter.parseStatuses(status));
        Boolean onlyStalled = capture(violations, () -> JobFilter.parseStalled(stalled));
        violations.noNul("action", action);
        violations.noNul("createdBy", createdBy);
        String cursorText = cursor == null || cursor.isEmpty() ? null : cursor;
        if (cursorText != null && pageNumber != null) {
            violations.add("page", PAGE_WITH_CURSOR);
        }
        violations.throwIfAny();
        return new ListJobsQuery(organizationId, pageNumber, Math.toIntExact(size), order,
                new JobFilter(statuses, emptyToNull(action), emptyToNull(createdBy), onlyStalled), cursorText);
    }

    static <T> T capture(Violations violations, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ImportJobsException e) {
            e.details().forEach(d -> violations.add(d.field(), d.message()));
            return null;
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
