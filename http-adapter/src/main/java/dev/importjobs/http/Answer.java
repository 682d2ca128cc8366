package dev.importjobs.http;

/**
 * What a route or an apiName answers when it succeeds, as the route table and the apiName table declare it
 * and {@link OpenApi} describes it; the job-shaped answers take the view of the route's style.
 */
enum Answer {
    /** {@code 200 {"status":"ok"}}, or 503 {@code {"status":"unavailable"}} when the store does not answer. */
    HEALTH("Is the store answering?"),
    /** {@code 302} to the dashboard. */
    FOUND("Go to the dashboard"),
    /** {@code 308} to the dashboard. */
    PERMANENT_REDIRECT("Go to the dashboard"),
    /** One of the dashboard's files. */
    ASSET("A file of the dashboard"),
    /** The OpenAPI document itself. */
    DOCUMENT("This OpenAPI document"),
    /** What the caller may do in an organization. */
    ACCESS("What the caller may do in the organization"),
    /** A job, its version in {@code ETag} (style B). */
    JOB("Read a job"),
    /** A new job (201 in style B) or, for a repeated create, the one the first made (200). */
    CREATED_JOB("Create a job"),
    /** A page of jobs. */
    PAGE_OF_JOBS("List an organization's jobs"),
    /** {@code {id, deleted: true}}. */
    DELETED("Delete a job"),
    /** {@code {applied, job|item}}. */
    CHUNK("Record a chunk"),
    /** A page of a job's line errors. */
    PAGE_OF_LINES("List a job's line errors"),
    /** All of a job's line errors as CSV, streamed. */
    CSV("Download a job's line errors as CSV"),
    /** An event stream of the organization's job changes (docs/api.md#live-events). */
    EVENTS("Follow the changes to an organization's jobs"),
    /** An event stream of one job's changes. */
    JOB_EVENTS("Follow the changes to a job"),
    /** Style A's answer, whose data is the apiName's answer. */
    RPC("Style A: call an apiName");

    /** A short summary of the operation. */
    final String summary;

    Answer(String summary) {
        this.summary = summary;
    }
}
