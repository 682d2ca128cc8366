package dev.importjobs.http;

import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.service.ListLineErrorsQuery;
import java.util.List;
import java.util.Map;

/**
 * The parameters of the listings (docs/model.md#listing-and-pages): style B's query parameters, and fields
 * of style A's data under {@link #rpcName}. Core names them canonically in its violations.
 */
enum Parameter {
    PAGE("page", "page", true),
    LIMIT("limit", "pageSize", true),
    SORT("sort", "sort", false),
    STATUS("status", "status", false),
    ACTION("action", "importScope", false),
    CREATED_BY("createdBy", "createdBy", false),
    CURSOR("cursor", "cursor", false),
    SEVERITY("severity", "severity", false);

    /** A page of an organization's jobs. */
    static final List<Parameter> LIST_JOBS = List.of(PAGE, LIMIT, SORT, STATUS, ACTION, CREATED_BY, CURSOR);
    /** A page of a job's line errors. */
    static final List<Parameter> LIST_ERRORS = List.of(PAGE, LIMIT, SEVERITY);
    /** The CSV download of a job's line errors. */
    static final List<Parameter> EXPORT_ERRORS = List.of(SEVERITY);

    /** The name in core and in style B's query. */
    final String canonicalName;
    /** The name in style A's data. */
    final String rpcName;
    /** Whether style A takes it as a JSON integer (style B's query is all text). */
    final boolean integer;

    Parameter(String canonicalName, String rpcName, boolean integer) {
        this.canonicalName = canonicalName;
        this.rpcName = rpcName;
        this.integer = integer;
    }

    static ListJobsQuery listJobs(String organizationId, Map<Parameter, String> given) {
        return ListJobsQuery.parse(organizationId, given.get(PAGE), given.get(LIMIT), given.get(SORT),
                given.get(STATUS), given.get(ACTION), given.get(CREATED_BY), given.get(CURSOR));
    }

    static ListLineErrorsQuery listErrors(String organizationId, String jobId, Map<Parameter, String> given) {
        return ListLineErrorsQuery.parse(organizationId, jobId, given.get(PAGE), given.get(LIMIT), given.get(SEVERITY));
    }
}
