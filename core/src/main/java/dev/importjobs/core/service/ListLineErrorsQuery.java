package dev.importjobs.core.service;

import dev.importjobs.core.model.Severity;
import java.util.EnumSet;
import java.util.Set;

/**
 * One page of a job's stored line errors, in the order they were recorded.
 *
 * @param severities the severities to show; empty shows all
 */
public record ListLineErrorsQuery(String organizationId, String jobId, long page, int limit, Set<Severity> severities) {

    public ListLineErrorsQuery {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (jobId == null) {
            violations.add("id", "is required");
        }
        if (page < 1 || page > Parameters.MAX_PAGE) {
            violations.add("page", "must be an integer 1.." + Parameters.MAX_PAGE);
        }
        if (limit < 1 || limit > Parameters.MAX_LIMIT) {
            violations.add("limit", "must be an integer 1.." + Parameters.MAX_LIMIT);
        }
        violations.throwIfAny();
        severities = severities == null ? Set.of() : Set.copyOf(severities);
    }

    /** Reads text parameters, reporting every bad one; {@code severity} is one value or a comma list. */
    public static ListLineErrorsQuery parse(String organizationId, String jobId, String page, String limit,
            String severity) {
        Violations violations = new Violations();
        violations.organizationId(organizationId);
        if (jobId == null) {
            violations.add("id", "is required");
        }
        Long pageNumber = Parameters.integer(violations, "page", page, 1, Parameters.MAX_PAGE, 1L);
        Long size = Parameters.integer(violations, "limit", limit, 1, Parameters.MAX_LIMIT,
                (long) Parameters.DEFAULT_LIMIT);
        Set<Severity> severities = ListJobsQuery.capture(violations, () -> parseSeverities(severity));
        violations.throwIfAny();
        return new ListLineErrorsQuery(organizationId, jobId, pageNumber, Math.toIntExact(size), severities);
    }

    /** One severity or a comma-separated list; empty or absent means all. */
    public static Set<Severity> parseSeverities(String input) {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        if (input != null && !input.isBlank()) {
            for (String part : input.split(",", -1)) {
                severities.add(Severity.parse("severity", part.trim()));
            }
        }
        return severities;
    }
}
